import { checkWarnings, formatFinding, readManifests } from '../../lib/validate';
import { copy, inferenceService, rendered, type Fixture } from './fixtures';

function warnings(objects: readonly Fixture[]): string[] {
  return checkWarnings(readManifests(objects.map((o) => rendered(o))).manifests).map(formatFinding);
}

function serverless(name: string): Fixture {
  const isvc = copy(inferenceService);
  (isvc.metadata as any).name = name;
  (isvc.metadata as any).annotations['serving.kserve.io/deploymentMode'] = 'Serverless';
  return isvc;
}

describe('serverless-namespace-open (odh-model-controller kserve_networkpolicy_reconciler.go@odh-v2.22)', () => {
  test('GIVEN a Serverless model WHEN validated THEN the namespace is reported open to every data science project, with the gateway-only alternative', () => {
    expect(warnings([serverless('iris')])).toEqual([
      'dist/prod/fixtures/inferenceservice.maas-models.iris.yaml:7:5 InferenceService/maas-models/iris /metadata/annotations/serving.kserve.io~1deploymentMode: ' +
        'serverless-namespace-open: namespace "maas-models" serves Serverless models: OpenShift AI adds allow-from-openshift-monitoring-ns, ' +
        'allow-openshift-ingress, allow-from-opendatahub-ns there, for every pod of the namespace, admitting every data science project ' +
        '(opendatahub.io/dashboard=true namespaces), the router and monitoring; NetworkPolicies only add, so the gateway is not the only way in. ' +
        'For gateway-only isolation use deploymentMode RawDeployment, or a namespace of its own for Serverless models with those policies accounted for ' +
        '(opendatahub-io/odh-model-controller controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22); ' +
        'not acknowledged: add networkIsolation: openshift-ai-serverless-default to every model of the namespace in the environment file',
    ]);
  });

  test('GIVEN every model of the namespace acknowledged (maas-gitops/network-isolation) WHEN validated THEN it stays a warning, saying so', () => {
    const acknowledged = (isvc: Fixture) => {
      (isvc.metadata as any).annotations['maas-gitops/network-isolation'] = 'openshift-ai-serverless-default';
      return isvc;
    };
    const [only] = warnings([acknowledged(serverless('iris')), acknowledged(copy(inferenceService))]);
    expect(only).toMatch(/; acknowledged by networkIsolation: openshift-ai-serverless-default on every model of the namespace$/);
    expect(warnings([acknowledged(serverless('iris')), inferenceService])[0]).toMatch(
      /; not acknowledged: add networkIsolation: openshift-ai-serverless-default to every model of the namespace in the environment file$/);
  });

  test('GIVEN two Serverless models in one namespace WHEN validated THEN it is said once', () => {
    expect(warnings([serverless('iris'), serverless('wine')])).toHaveLength(1);
  });

  test('GIVEN only RawDeployment models WHEN validated THEN nothing is said', () => {
    expect(warnings([inferenceService])).toEqual([]);
  });
});
