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
        'allow-from-openshift-ingress, allow-from-opendatahub-ns there, for every pod of the namespace, admitting every data science project ' +
        '(opendatahub.io/dashboard=true namespaces), the router and monitoring; NetworkPolicies only add, so the gateway is not the only way in. ' +
        'For gateway-only isolation use deploymentMode RawDeployment, or a namespace of its own for Serverless models with those policies accounted for ' +
        '(opendatahub-io/odh-model-controller controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22)',
    ]);
  });

  test('GIVEN two Serverless models in one namespace WHEN validated THEN it is said once', () => {
    expect(warnings([serverless('iris'), serverless('wine')])).toHaveLength(1);
  });

  test('GIVEN only RawDeployment models WHEN validated THEN nothing is said', () => {
    expect(warnings([inferenceService])).toEqual([]);
  });
});
