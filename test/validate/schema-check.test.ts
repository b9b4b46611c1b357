import { ALL, application, copy, inferenceService, job, rendered, route, type Fixture } from './fixtures';
import { distFiles, lazyValidators, schemaSetOf, validate } from './helpers';

// One schema set and one compiled validator per kind, shared by every test in this file.
const validatorFor = lazyValidators(schemaSetOf([
  'openshift-route/routes-Default.crd.yaml', 'kserve/serving.kserve.io_inferenceservices.yaml', 'kserve/serving.kserve.io_servingruntimes.yaml',
  'keycloak-legacy/keycloak.org_keycloakrealms_crd.yaml', 'keycloak-legacy/keycloak.org_keycloakclients_crd.yaml',
  'keycloak/keycloakrealmimports.k8s.keycloak.org-v1.yaml', '3scale/capabilities.3scale.net_backends.yaml',
  '3scale/capabilities.3scale.net_products.yaml', '3scale/capabilities.3scale.net_proxyconfigpromotes.yaml', 'argocd/application-crd.yaml',
  'olm/operators.coreos.com_subscriptions.yaml', 'olm/operators.coreos.com_operatorgroups.yaml',
]));

/** Findings for one mutated object (only schema findings: the rules have their own tests). */
function schemaErrors(object: Fixture, environment = 'prod'): string[] {
  return validate([rendered(object, environment)], validatorFor).filter((line) => / (schema|no-schema|yaml): /.test(line));
}

test('every fixture is valid against its schema and every rule, in prod', () => {
  expect(validate(ALL.map((f) => rendered(f)), validatorFor)).toEqual([]);
});

describe('schema errors name file, line, column, object, field and what was wrong', () => {
  test('unknown field (strict, like kubeconform -strict)', () => {
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor.model.replicas = 2;
    expect(schemaErrors(isvc)).toEqual([
      'dist/prod/fixtures/inferenceservice.maas-models.granite-chat.yaml:24:7 InferenceService/maas-models/granite-chat /spec/predictor/model/replicas: schema: unknown field "replicas" (the schema allows no other fields here)',
    ]);
  });

  test('unknown field in metadata (checked as Kubernetes ObjectMeta)', () => {
    const r = copy(route);
    (r.metadata as any).label = { app: 'x' };
    expect(schemaErrors(r)).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:6:3 Route/maas-models/granite-chat /metadata/label: schema: unknown field "label" (the schema allows no other fields here)',
    ]);
  });

  test('wrong type', () => {
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor.minReplicas = '1';
    expect(schemaErrors(isvc)).toEqual([
      'dist/prod/fixtures/inferenceservice.maas-models.granite-chat.yaml:10:5 InferenceService/maas-models/granite-chat /spec/predictor/minReplicas: schema: must be integer, found string "1"',
    ]);
  });

  test('a YAML 1.1 boolean where a string is required (unquoted `on` as a label value)', () => {
    const r = copy(route);
    const file = rendered(r);
    const text = file.text.replace('  name: granite-chat\n', '  name: granite-chat\n  labels:\n    enabled: on\n');
    expect(validate([{ ...file, text }, rendered(inferenceService)], validatorFor).filter((line) => line.includes(' schema: '))).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:6:5 Route/maas-models/granite-chat /metadata/labels/enabled: schema: must be string, found boolean true',
    ]);
  });

  test('value not in the enum', () => {
    const r = copy(route);
    (r.spec as any).tls.termination = 'Edge';
    expect(schemaErrors(r)).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:11:5 Route/maas-models/granite-chat /spec/tls/termination: schema: "Edge" is not one of "edge", "reencrypt", "passthrough"',
    ]);
  });

  test('required field missing: reported at the parent', () => {
    const r = copy(route);
    delete (r.spec as any).to.name;
    expect(schemaErrors(r)).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:13:3 Route/maas-models/granite-chat /spec/to/name: schema: required field is missing',
    ]);
  });

  test('pattern mismatch', () => {
    const r = copy(route);
    (r.spec as any).host = 'Not_A_Host';
    expect(schemaErrors(r)).toEqual([
      expect.stringMatching(/^dist\/prod\/fixtures\/route\.maas-models\.granite-chat\.yaml:7:3 Route\/maas-models\/granite-chat \/spec\/host: schema: "Not_A_Host" does not match the pattern /),
    ]);
  });

  test('int-or-string: integer and string pass, a fraction fails', () => {
    const r = copy(route);
    (r.spec as any).port.targetPort = 'http';
    expect(schemaErrors(r)).toEqual([]);
    (r.spec as any).port.targetPort = 1.5;
    expect(schemaErrors(r)).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:9:5 Route/maas-models/granite-chat /spec/port/targetPort: schema: must be integer or string, found number 1.5',
    ]);
  });

  test('quantities in core kinds accept numbers and strings', () => {
    const j = copy(job);
    (j.spec as any).template.spec.containers[0].resources.requests = { cpu: 0.5, memory: '128Mi' };
    expect(schemaErrors(j)).toEqual([]);
  });

  test('x-kubernetes-preserve-unknown-fields: any field is accepted there, and only there', () => {
    // GIVEN an Argo CD Application whose helm.valuesObject (open) and helm (strict) hold made-up fields
    const app = copy(application);
    (app.spec as any).source.helm = { valuesObject: { anything: { nested: [1, 'two'] } }, valuesObjekt: {} };
    // THEN only the field beside valuesObject is an error
    expect(schemaErrors(app)).toEqual([
      'dist/prod/fixtures/application.openshift-gitops.prod-serving.yaml:18:7 Application/openshift-gitops/prod-serving /spec/source/helm/valuesObjekt: schema: unknown field "valuesObjekt" (the schema allows no other fields here)',
    ]);
  });

  test('a duplicate in a list-type set (a rendered OperatorGroup targeting its namespace twice)', () => {
    const [file] = distFiles().filter((f) => f.path === 'dist/prod/gateway/operatorgroup.maas-3scale.maas-3scale.yaml');
    const text = file.text.replace('    - maas-3scale\n', '    - maas-3scale\n    - maas-3scale\n');
    expect(validate([{ ...file, text }], validatorFor)).toEqual([
      'dist/prod/gateway/operatorgroup.maas-3scale.maas-3scale.yaml:10:3 OperatorGroup/maas-3scale/maas-3scale /spec/targetNamespaces: schema: must NOT have duplicate items (items ## 1 and 0 are identical), found ["maas-3scale","maas-3scale"]',
    ]);
  });

  test('an apiVersion/kind with no schema is an error', () => {
    expect(schemaErrors({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'maas-models' } })).toEqual([
      'dist/prod/fixtures/widget.maas-models.w.yaml:2:1 Widget/maas-models/w /kind: no-schema: no schema for apiVersion "example.com/v1" kind "Widget"; fix apiVersion/kind, or add the kind\'s CRD to the schema folder',
    ]);
  });

  test('a wrong version of a known kind is an error too', () => {
    expect(schemaErrors({ ...copy(route), apiVersion: 'route.openshift.io/v2' })[0]).toContain(
      'no-schema: no schema for apiVersion "route.openshift.io/v2" kind "Route"');
  });

  test('duplicate keys are a yaml error with the position of the second key', () => {
    const file = rendered(copy(route));
    const text = file.text.replace('  name: granite-chat\n', '  name: granite-chat\n  name: other\n');
    expect(validate([{ ...file, text }], validatorFor)).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:5:3 yaml: Map keys must be unique',
    ]);
  });
});
