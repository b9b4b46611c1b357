import { parseEnvironment } from '../../lib/config/load';
import type { Environment } from '../../lib/config/schema';
import { bootstrapCommands, prerequisites, type RenderedFile } from '../../lib/docs/first-rollout';
import { renderEnvironments } from '../../lib/render';

/** A prod-like fixture: manual sync, a RawDeployment model on a runtime defined here, a ModelMesh model on a platform runtime with a data connection. */
const FIXTURE = `stage: staging
cluster: { appsDomain: apps.test.example.com }
gitops: { repoURL: https://git.example.com/team/maas.git, targetRevision: release-1, automated: false }
identity:
  generation: rhsso
  operator: { namespace: sso, name: rhsso-operator, channel: stable }
models:
  - name: iris
    namespace: models
    modelFormat: { name: sklearn }
    runtime: sklearn
    storageUri: s3://models/iris
    smoke: { body: { instances: [[6.8, 2.8, 4.8, 1.4]] } }
  - name: fraud
    namespace: models-mm
    deploymentMode: ModelMesh
    modelFormat: { name: onnx }
    runtime: ovms
    storage: { key: aws-connection-models, path: fraud/model.onnx }
serving:
  platformRuntimes: [ovms]
  runtimes:
    - name: sklearn
      image: docker.io/kserve/sklearnserver:v0.14.1
      supportedModelFormats: [{ name: sklearn }]
gateway:
  operator: { namespace: apim, name: 3scale-operator, channel: threescale-2.15 }
  secretStore: { kind: SecretStore, name: identity-store }
  plans:
    basic: { name: Basic }
  consumers:
    - { name: team-a, organization: Team A, email: team-a@example.com, products: { iris: basic, fraud: basic } }
`;

function fixture(text = FIXTURE): Environment {
  const result = parseEnvironment('test', text);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.environment;
}

const README = renderEnvironments([fixture()]).get('test/README.md') ?? '';

/** The lines of a README section, from its heading to the next heading of the same level. */
function section(heading: string): string[] {
  const lines = README.split('\n');
  const start = lines.indexOf(heading);
  const level = heading.split(' ')[0];
  const end = lines.findIndex((l, i) => i > start && l.startsWith(`${level} `));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('dist/<env>/README.md First rollout', () => {
  test('lists each prerequisite with the oc command that checks it, derived from what the environment renders', () => {
    expect(section('### 1. Check the prerequisites').filter((l) => l.startsWith('| ') && !l.startsWith('| what'))).toEqual([
      '| OpenShift GitOps: an Argo CD instance in `openshift-gitops` | `oc -n openshift-gitops get argocd` | one ArgoCD, phase Available |',
      '| the Git repository Argo CD syncs (`gitops.repoURL`; change it in `environments/test.yaml` to your fork, then `npm run synth`) | `git ls-remote https://git.example.com/team/maas.git release-1` | a commit for `release-1` holding this `dist/test/` |',
      '| catalog `redhat-operators` offers operator `rhsso-operator` on channel `stable` | `oc -n openshift-marketplace get packagemanifest rhsso-operator -o jsonpath=\'{.status.channels[*].name}\'` | lists `stable` |',
      '| catalog `redhat-operators` offers operator `3scale-operator` on channel `threescale-2.15` | `oc -n openshift-marketplace get packagemanifest 3scale-operator -o jsonpath=\'{.status.channels[*].name}\'` | lists `threescale-2.15` |',
      '| OpenShift AI with KServe (the DataScienceCluster) | `oc get crd inferenceservices.serving.kserve.io servingruntimes.serving.kserve.io` | both CRDs found |',
      '| runtime `ovms` in namespace `models-mm` for model `fraud` (`serving.platformRuntimes`: the platform provides it, this repository does not render it) | `oc -n models-mm get servingruntime ovms` | found |',
      '| data connection `aws-connection-models` for model `fraud` (a key of the `storage-config` Secret; create it in the OpenShift AI dashboard or from your secret store) | `oc -n models-mm get secret storage-config -o jsonpath=\'{.data.aws-connection-models}\'` | non-empty |',
      '| External Secrets Operator and its SecretStore `identity-store` | `oc -n apim get secretstore identity-store` | found, READY True |',
      '| Secret `threescale-provider-account` (the 3scale tenant Secret (adminURL, token), a prerequisite of the 3scale installation) | `oc -n apim get secret threescale-provider-account` | found |',
      '| 3scale: an APIManager in `apim` (its APIcast gateways serve the Products) | `oc -n apim get apimanager` | one APIManager, status Available |',
    ]);
  });

  test("bootstraps with the Argo CD chart's own files, the AppProject first, then the Application and the health-check patch, then starts a manual sync", () => {
    const commands = section('### 2. Bootstrap Argo CD (once per cluster)').filter((l) => l.startsWith('oc '));
    expect(commands[0]).toBe('oc apply -f dist/test/argocd/appproject.openshift-gitops.maas-test.yaml');
    expect(commands[1]).toBe('oc apply -f dist/test/argocd/application.openshift-gitops.maas-test.yaml');
    expect(commands.at(-3)).toBe('oc -n openshift-gitops patch argocd openshift-gitops --type merge --patch-file dist/test/argocd/argocd.openshift-gitops.openshift-gitops.yaml');
    expect(commands.at(-2)).toMatch(/^oc -n openshift-gitops patch application maas-test --type merge -p '\{"operation":/);
    expect(commands.at(-1)).toBe('oc -n openshift-gitops get application maas-test -w   # until SYNC STATUS Synced and HEALTH STATUS Healthy');
    const argocdFiles = [...renderEnvironments([fixture()]).keys()].filter((f) => f.startsWith('test/argocd/'));
    const named = commands.map((c) => /dist\/(\S+\.yaml)/.exec(c)?.[1]).filter((f): f is string => f !== undefined);
    expect(named.sort()).toEqual(argocdFiles.sort());
  });

  test("reads each application's client from the realm with the gateway client's Secret, then calls each model with its smoke body", () => {
    const clients = 'https://keycloak-sso.apps.test.example.com/auth/admin/realms/ai-realm/clients';
    const token = 'https://keycloak-sso.apps.test.example.com/auth/realms/ai-realm/protocol/openid-connect/token';
    const secret = (key: string) => `$(oc -n sso get secret keycloak-client-secret-3scale-zync -o jsonpath='{.data.${key}}' | base64 -d)`;
    const block = section('### 3. First call');
    expect(block.slice(block.indexOf('```sh') + 1, block.lastIndexOf('```'))).toEqual([
      `ADMIN_TOKEN=$(curl -s -X POST '${token}' -d grant_type=client_credentials \\`,
      `  --data-urlencode "client_id=${secret('CLIENT_ID')}" --data-urlencode "client_secret=${secret('CLIENT_SECRET')}" | jq -r .access_token)`,
      'token() {  # the access token of the client zync created for application $1',
      `  local client=$(curl -s -H "Authorization: Bearer $ADMIN_TOKEN" '${clients}?first=0&max=1000' | jq -c --arg name "$1" '.[] | select(.name == $name)')`,
      `  local secret=$(curl -s -H "Authorization: Bearer $ADMIN_TOKEN" "${clients}/$(jq -r .id <<<"$client")/client-secret" | jq -r .value)`,
      `  curl -s -X POST '${token}' -d grant_type=client_credentials \\`,
      '    --data-urlencode "client_id=$(jq -r .clientId <<<"$client")" --data-urlencode "client_secret=$secret" | jq -r .access_token',
      '}',
      "curl -X POST 'https://iris-api-staging.apps.test.example.com/predict' -H \"Authorization: Bearer $(token team-a.iris)\" -H 'Content-Type: application/json' \\",
      '  -d \'{"instances":[[6.8,2.8,4.8,1.4]]}\'',
      "curl -X POST 'https://fraud-api-staging.apps.test.example.com/predict' -H \"Authorization: Bearer $(token team-a.fraud)\" -H 'Content-Type: application/json' \\",
      '  -d \'{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}\'',
    ]);
    expect(block[2]).toBe('As consumer `team-a`: each model\'s Product has its own application, and zync gives each application a Keycloak client named after it (`<consumer>.<model>`, client id chosen by 3scale).');
  });

  test('GIVEN a model with smoke.predict false WHEN the first calls are listed THEN it has a note instead of a call', () => {
    const text = renderEnvironments([fixture(FIXTURE.replace('    storage: { key', '    smoke: { predict: false }\n    storage: { key'))]).get('test/README.md') ?? '';
    expect(text).toContain('# fraud: smoke.predict is false; call https://fraud-api-staging.apps.test.example.com/predict with a request the model accepts, token from: token team-a.fraud');
    expect(text).not.toContain("curl -X POST 'https://fraud-api-staging");
  });

  test('GIVEN no consumer WHEN the first call is described THEN it says to add one', () => {
    const text = renderEnvironments([fixture(FIXTURE.slice(0, FIXTURE.indexOf('  consumers:')))]).get('test/README.md') ?? '';
    expect(text).toContain('No model is called yet: add a consumer under `gateway.consumers`, subscribed to a model whose gateway URL is known (self-managed APIcast).');
  });

  test('lists every prerequisite once: the data connection is not repeated outside the checklist', () => {
    expect(README.split('\n').filter((l) => l.includes('aws-connection-models'))).toHaveLength(1);
  });

  test('GIVEN two models sharing a data connection and a platform runtime in one namespace WHEN rendered THEN one row each names both models', () => {
    const second = FIXTURE.replace('serving:\n', '  - name: fraud-v2\n    namespace: models-mm\n    deploymentMode: ModelMesh\n    modelFormat: { name: onnx }\n    runtime: ovms\n    storage: { key: aws-connection-models, path: fraud-v2/model.onnx }\nserving:\n');
    const rows = (renderEnvironments([fixture(second)]).get('test/README.md') ?? '').split('\n').filter((l) => l.includes('for models'));
    expect(rows.map((l) => l.split(' (')[0])).toEqual([
      '| runtime `ovms` in namespace `models-mm` for models `fraud`, `fraud-v2`',
      '| data connection `aws-connection-models` for models `fraud`, `fraud-v2`',
    ]);
  });

  test('explains why the gateway hosts end in -staging, only when they do', () => {
    expect(README).toContain('The gateway hosts end in `-staging`: `gateway.promoteToProduction` is false in `environments/test.yaml`');
    const promoted = renderEnvironments([fixture(FIXTURE.replace('  secretStore:', '  promoteToProduction: true\n  secretStore:'))]).get('test/README.md');
    expect(promoted).not.toContain('-staging');
  });

  test('draws the token gate between the gateway and a routed model, and keeps host names unbroken', () => {
    const routed = FIXTURE.replace('    smoke: { body', '    exposure: route\n    smoke: { body');
    const text = renderEnvironments([fixture(routed)]).get('test/README.md') ?? '';
    expect(text).toContain('%%{init: {"flowchart": {"wrappingWidth": 600}}}%%');
    expect(text).toContain('  gate_iris["token gate (Envoy)<br>iris-models.apps.test.example.com"]');
    expect(text).toContain('  gateway -->|"3. /v1/models/iris:predict"| gate_iris');
    expect(text).toContain('  gate_iris -->|"4. only with a valid token"| model_iris');
    expect(README).not.toContain('gate_iris');
  });
});

describe('bootstrapCommands', () => {
  test('GIVEN an ArgoCD object among the Argo CD files WHEN listed THEN it is a merge patch of the operator\'s instance', () => {
    const file = (path: string, kind: string, name: string): RenderedFile => ({ file: path, object: { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name, namespace: 'gitops' } } });
    const env = fixture();
    const commands = bootstrapCommands({
      env: { ...env, gitops: { ...env.gitops, automated: true } },
      identity: {} as never,
      plan: {} as never,
      files: [file('argocd/application.gitops.maas-test.yaml', 'Application', 'maas-test'), file('argocd/argocd.gitops.openshift-gitops.yaml', 'ArgoCD', 'openshift-gitops'), file('serving/x.yaml', 'Namespace', 'x')],
    });
    expect(commands).toEqual([
      'oc apply -f dist/test/argocd/application.gitops.maas-test.yaml',
      "oc -n gitops get argocd openshift-gitops -o jsonpath='{.spec.resourceHealthChecks}'   # empty? else merge by hand (README, Bootstrap)",
      'oc -n gitops patch argocd openshift-gitops --type merge --patch-file dist/test/argocd/argocd.gitops.openshift-gitops.yaml',
      'oc -n gitops get application maas-test -w   # until SYNC STATUS Synced and HEALTH STATUS Healthy',
    ]);
  });

  test('GIVEN a Secret the first sync generates and one nothing creates WHEN checked THEN only the latter is a prerequisite', () => {
    const env = fixture();
    const container = (secret: string) => ({ name: secret, envFrom: [{ secretRef: { name: secret } }] });
    const files: RenderedFile[] = [
      { file: 'smoke/job.yaml', object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'check', namespace: 'ns' }, spec: { template: { spec: { containers: [container('creds'), container('generated')] } } } } },
      {
        file: 'smoke/externalsecret.yaml',
        object: {
          apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'generated', namespace: 'ns' },
          spec: { target: { name: 'generated' }, dataFrom: [{ sourceRef: { generatorRef: { kind: 'Password', name: 'generated' } } }] },
        },
      },
    ];
    expect(prerequisites({ env, identity: {} as never, plan: {} as never, files }).filter((p) => p.what.startsWith('Secret '))).toEqual([
      { what: 'Secret `creds` (read by Job ns/check; nothing here creates it)', check: 'oc -n ns get secret creds', expect: 'found' },
    ]);
  });

  test('GIVEN monitoring WHEN checked THEN user-workload monitoring is a prerequisite', () => {
    const env = fixture();
    const files: RenderedFile[] = [{ file: 'monitoring/p.yaml', object: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'p', namespace: 'm' } } }];
    expect(prerequisites({ env, identity: {} as never, plan: {} as never, files }).at(-1)).toEqual({
      what: 'monitoring for user-defined projects (PodMonitors and PrometheusRules are read by it)',
      check: "oc -n openshift-monitoring get configmap cluster-monitoring-config -o jsonpath='{.data.config\\.yaml}'",
      expect: '`enableUserWorkload: true`',
    });
  });
});
