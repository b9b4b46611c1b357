import { Testing } from 'cdk8s';
import { EnvironmentApplication, type EnvironmentApplicationProps } from '../../lib/constructs/environment-application';
import { isDestinationMatched } from '../../lib/upstream/argocd';

const PROPS: EnvironmentApplicationProps = {
  environment: 'dev',
  argocdNamespace: 'openshift-gitops',
  repoURL: 'https://git.example.com/maas.git',
  targetRevision: 'main',
  path: 'dist/dev',
  excludeFolder: 'argocd',
  destinationServer: 'https://kubernetes.default.svc',
  automated: true,
  kinds: [{ group: '', kind: 'Namespace', namespaced: false }, { group: 'apps', kind: 'Deployment', namespaced: true }],
  namespaces: ['maas-models', 'maas-3scale'],
};

function render(props: Partial<EnvironmentApplicationProps> = {}) {
  const chart = Testing.chart();
  const construct = new EnvironmentApplication(chart, 'App', { ...PROPS, ...props });
  const objects = Testing.synth(chart);
  return { construct, project: objects.find((o) => o.kind === 'AppProject'), application: objects.find((o) => o.kind === 'Application') };
}

describe('EnvironmentApplication', () => {
  // argoproj/argo-cd util/argo/argo.go@v2.13.9 (ValidatePermissions) with
  // pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (isDestinationMatched): "" matches no namespace.
  test('GIVEN the environment\'s namespaces WHEN rendered THEN the Application\'s destination is one its project permits', () => {
    const { construct, project, application } = render();
    expect(application.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'maas-3scale' });
    expect(construct.destinationNamespace).toBe('maas-3scale');
    expect(isDestinationMatched(project.spec, application.spec.destination)).toBe(true);
  });

  test('lists each namespace once, sorted, as a project destination', () => {
    expect(render({ namespaces: ['b', 'a', 'b'] }).project.spec.destinations.map((d: { namespace: string }) => d.namespace)).toEqual(['a', 'b']);
  });

  test('fails when there is no namespace to deploy into', () => {
    expect(() => render({ namespaces: [] })).toThrow(
      'EnvironmentApplication maas-dev: no namespace to deploy into; an Argo CD Application needs a destination namespace its project permits',
    );
  });
});
