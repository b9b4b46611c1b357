import { stringify } from 'yaml';
import { parseEnvironment, type Problem } from '../../lib/config/load';

type Mapping = Record<string, unknown>;

const MODEL: Mapping = {
  name: 'iris',
  namespace: 'models',
  modelFormat: { name: 'sklearn' },
  runtime: 'sklearn',
  storageUri: 's3://models/iris',
};

const OVMS: Mapping = { name: 'ovms', image: 'quay.io/opendatahub/openvino_model_server:2024.3-release' };

const RUNTIME: Mapping = {
  name: 'sklearn',
  image: 'docker.io/kserve/sklearnserver@sha256:5dccffa1665d18a50c308b4056d1012d36ab988c0bdf51867a5187623d7b688b',
  supportedModelFormats: [{ name: 'sklearn' }],
};

/** An environment file's text with the given models and serving section, everything else valid. */
function environmentText(options: { stage?: string; models?: Mapping[]; serving?: Mapping } = {}): string {
  return stringify({
    stage: options.stage ?? 'staging',
    cluster: { appsDomain: 'apps.example.com' },
    gitops: { repoURL: 'https://github.com/example-org/maas-gitops.git' },
    identity: { generation: 'rhsso', operator: { namespace: 'kc', name: 'rhsso-operator', channel: 'stable' } },
    models: options.models ?? [MODEL],
    serving: options.serving ?? { runtimes: [RUNTIME], modelMeshRuntimes: [OVMS] },
    gateway: { operator: { namespace: 'maas-3scale', name: '3scale-operator', channel: 'threescale-2.15' } },
  });
}

function problemsOf(text: string): Array<Pick<Problem, 'path' | 'message'>> {
  const result = parseEnvironment('test', text);
  if (result.ok) return [];
  return result.problems.map(({ path, message }) => ({ path, message }));
}

const model = (fields: Mapping): Mapping => ({ ...MODEL, ...fields });

describe('serving section', () => {
  test('GIVEN a minimal model WHEN loaded THEN the defaults are applied', () => {
    const result = parseEnvironment('test', environmentText());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.models[0]).toEqual({
      ...MODEL,
      deploymentMode: 'RawDeployment',
      resources: { cpu: '1', memory: '2Gi', gpu: 0 },
      tolerations: [],
      nodeSelector: {},
      minReplicas: 1,
      args: [],
      exposure: 'internal',
      tlsTermination: 'reencrypt',
      smoke: { predict: true },
    });
  });

  test('GIVEN a runtime with only the required fields WHEN loaded THEN the defaults are applied', () => {
    const result = parseEnvironment('test', environmentText());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.serving.runtimes[0]).toEqual({
      ...RUNTIME,
      supportedModelFormats: [{ name: 'sklearn', autoSelect: true }],
      args: [],
      env: {},
      containerPort: 8080,
      api: 'v1',
      recommendedAccelerators: [],
    });
  });

  test('GIVEN no serving section WHEN loaded THEN no runtime is defined and the token gate image is pinned', () => {
    const result = parseEnvironment('test', environmentText({ serving: {}, models: [] }).replace(/^serving:.*$/m, ''));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.serving).toEqual({
      runtimes: [],
      modelMeshRuntimes: [],
      applicationsNamespace: 'redhat-ods-applications',
      platformRuntimes: [],
      tokenGateImage: 'docker.io/envoyproxy/envoy:v1.33.0@sha256:56da5afd7df364350ff92de4fb49a9b09957c17295f2899f0a31cd12c28770c2',
    });
  });

  test('fails when the token gate image is unpinned in prod', () => {
    const text = environmentText({ stage: 'prod', serving: { tokenGateImage: 'envoyproxy/envoy' } });
    expect(problemsOf(text)).toContainEqual({
      path: 'serving.tokenGateImage',
      message: '"envoyproxy/envoy" is not allowed in prod: an image without tag means ":latest"; pin the image by digest ("<image>@sha256:<digest>") or a version tag',
    });
  });

  test('GIVEN a CPU count as a YAML number WHEN loaded THEN it is read as a quantity', () => {
    const result = parseEnvironment('test', environmentText({ models: [model({ resources: { cpu: 2 } })] }));
    expect(result.ok && result.environment.models[0].resources.cpu).toBe('2');
  });

  test('fails when a quantity is malformed', () => {
    expect(problemsOf(environmentText({ models: [model({ resources: { memory: '2 GB' } })] }))).toEqual([
      { path: 'models[0].resources.memory', message: '"2 GB" is not a Kubernetes quantity, e.g. "500m", "2", "16Gi"' },
    ]);
  });

  test('fails when minReplicas exceeds maxReplicas', () => {
    expect(problemsOf(environmentText({ models: [model({ minReplicas: 3, maxReplicas: 2 })] }))).toEqual([
      { path: 'models[0].maxReplicas', message: '2 is less than minReplicas 3; raise maxReplicas to at least 3 or lower minReplicas' },
    ]);
  });

  test('fails when a model has no storage', () => {
    expect(problemsOf(environmentText({ models: [model({ storageUri: undefined })] }))).toEqual([
      {
        path: 'models[0]',
        message: 'has no model location; give storageUri (e.g. "oci://registry/model:1.0") or storage with key (a data connection) and path',
      },
    ]);
  });

  test('fails when a model has both storageUri and storage', () => {
    expect(problemsOf(environmentText({ models: [model({ storage: { key: 'conn', path: 'iris/' } })] }))).toEqual([
      { path: 'models[0].storage', message: 'is given together with storageUri; keep one of them: storageUri, or storage (data connection key and path)' },
    ]);
  });

  test('fails when a GPU model does not tolerate the GPU nodes\' taint', () => {
    const text = environmentText({
      models: [model({ resources: { gpu: 1 }, tolerations: [{ key: 'other' }] })],
      serving: { runtimes: [RUNTIME], gpuNodeTaint: { key: 'nvidia.com/gpu' } },
    });
    expect(problemsOf(text)).toEqual([
      {
        path: 'models[0].tolerations',
        message:
          'do not tolerate the GPU nodes\' taint "nvidia.com/gpu" (serving.gpuNodeTaint) although resources.gpu is 1; ' +
          'add { key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }',
      },
    ]);
  });

  test('GIVEN a GPU model that tolerates the taint WHEN loaded THEN it is valid', () => {
    const text = environmentText({
      models: [model({ resources: { gpu: 1 }, tolerations: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }] })],
      serving: { runtimes: [RUNTIME], gpuNodeTaint: { key: 'nvidia.com/gpu' } },
    });
    expect(problemsOf(text)).toEqual([]);
  });

  test('GIVEN a GPU model and untainted GPU nodes WHEN loaded THEN no toleration is needed', () => {
    expect(problemsOf(environmentText({ models: [model({ resources: { gpu: 1 } })] }))).toEqual([]);
  });

  test.each(['staging', 'prod'])('fails when a runtime image is ":latest" in %s', (stage) => {
    const text = environmentText({ stage, serving: { runtimes: [{ ...RUNTIME, image: 'docker.io/kserve/sklearnserver:latest' }] } });
    expect(problemsOf(text)).toContainEqual({
      path: 'serving.runtimes[0].image',
      message: `"docker.io/kserve/sklearnserver:latest" is not allowed in ${stage}: ":latest" is mutable; pin the image by digest ("<image>@sha256:<digest>") or a version tag`,
    });
  });

  test('fails when a runtime image has no tag in staging', () => {
    const text = environmentText({ serving: { runtimes: [{ ...RUNTIME, image: 'registry:5000/kserve/sklearnserver' }] } });
    expect(problemsOf(text)).toEqual([
      {
        path: 'serving.runtimes[0].image',
        message: '"registry:5000/kserve/sklearnserver" is not allowed in staging: an image without tag means ":latest"; pin the image by digest ("<image>@sha256:<digest>") or a version tag',
      },
    ]);
  });

  test('GIVEN a version tag in staging WHEN loaded THEN the image is accepted', () => {
    const text = environmentText({ serving: { runtimes: [{ ...RUNTIME, image: 'docker.io/kserve/sklearnserver:v0.14.1' }] } });
    expect(problemsOf(text)).toEqual([]);
  });

  test('GIVEN ":latest" in dev WHEN loaded THEN the image is accepted', () => {
    const text = environmentText({ stage: 'dev', serving: { runtimes: [{ ...RUNTIME, image: 'docker.io/kserve/sklearnserver:latest' }] } });
    expect(problemsOf(text)).toEqual([]);
  });

  test('fails when two models share a name', () => {
    expect(problemsOf(environmentText({ models: [MODEL, model({ namespace: 'other' })] }))).toEqual([
      { path: 'models[1].name', message: '"iris" is already used by models[0]; model names must be unique in an environment' },
    ]);
  });

  test('fails when two runtimes share a name', () => {
    expect(problemsOf(environmentText({ serving: { runtimes: [RUNTIME, RUNTIME] } }))).toEqual([
      { path: 'serving.runtimes[1].name', message: '"sklearn" is already used by serving.runtimes[0]; runtime names must be unique' },
    ]);
  });

  test.each(['passthrough', 'none'])('fails when a Route would use tlsTermination %s', (termination) => {
    expect(problemsOf(environmentText({ models: [model({ exposure: 'route', tlsTermination: termination })] }))).toEqual([
      {
        path: 'models[0].tlsTermination',
        message: `"${termination}" is not allowed: a model Route terminates TLS at the router, "reencrypt" (to the token gate) or "edge"; passthrough and plain HTTP are refused`,
      },
    ]);
  });

  test('fails when an edge Route is used outside dev', () => {
    expect(problemsOf(environmentText({ models: [model({ exposure: 'route', tlsTermination: 'edge' })] }))).toEqual([
      {
        path: 'models[0].tlsTermination',
        message: '"edge" is not allowed in staging: access tokens would cross the cluster network in plain HTTP from the router to the token gate; use "reencrypt"',
      },
    ]);
  });

  test('fails when a Serverless model is routed', () => {
    expect(problemsOf(environmentText({ models: [model({ exposure: 'route', deploymentMode: 'Serverless' })] }))).toEqual([
      {
        path: 'models[0].exposure',
        message: '"route" needs deploymentMode "RawDeployment", not "Serverless"; use exposure "internal" (the gateway reaches the model in-cluster) or deploymentMode "RawDeployment"',
      },
    ]);
  });

  test('fails when a ModelMesh model uses a runtime defined here', () => {
    expect(problemsOf(environmentText({ models: [model({ deploymentMode: 'ModelMesh' })] }))).toEqual([
      {
        path: 'models[0].runtime',
        message: '"sklearn" is a single-model runtime from serving.runtimes and cannot serve ModelMesh; name a ModelMesh runtime (serving.modelMeshRuntimes, e.g. "ovms") or use deploymentMode "RawDeployment"',
      },
    ]);
  });

  test('GIVEN no smoke settings WHEN loaded THEN the model is called with its API\'s sample, expecting a 2xx', () => {
    const result = parseEnvironment('test', environmentText());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.models[0].smoke).toEqual({ predict: true });
  });

  test('fails when a smoke expected status is not an HTTP status a call can succeed with', () => {
    expect(problemsOf(environmentText({ models: [model({ smoke: { expectedStatus: 99 } })] }))).toEqual([
      { path: 'models[0].smoke.expectedStatus', message: '99 is less than the minimum 200' },
    ]);
  });

  test('fails when a runtime is misspelt, suggesting the closest', () => {
    expect(problemsOf(environmentText({ models: [model({ runtime: 'skleran' })] }))).toEqual([
      {
        path: 'models[0].runtime',
        message: '"skleran" is in none of serving.runtimes, serving.modelMeshRuntimes and serving.platformRuntimes (did you mean "sklearn"?); use one of sklearn, ovms, or add it to serving.platformRuntimes if the platform provides it in namespace "models"',
      },
    ]);
  });

  test('fails when a model names a runtime while none is defined or declared', () => {
    expect(problemsOf(environmentText({ serving: {}, models: [model({ runtime: 'vllm' })] }))).toEqual([
      {
        path: 'models[0].runtime',
        message: '"vllm" is in none of serving.runtimes, serving.modelMeshRuntimes and serving.platformRuntimes; no runtime is defined, or add it to serving.platformRuntimes if the platform provides it in namespace "models"',
      },
    ]);
  });

  test('GIVEN a runtime declared as provided by the platform WHEN a model uses it THEN the environment is valid', () => {
    expect(problemsOf(environmentText({ serving: { platformRuntimes: ['kserve-ovms'] }, models: [model({ runtime: 'kserve-ovms' })] }))).toEqual([]);
  });

  test('GIVEN a ModelMesh runtime in serving.modelMeshRuntimes WHEN a ModelMesh model uses it THEN the environment is valid', () => {
    const serving = { modelMeshRuntimes: [OVMS] };
    expect(problemsOf(environmentText({ serving, models: [model({ deploymentMode: 'ModelMesh', runtime: 'ovms', api: 'v2' })] }))).toEqual([]);
  });

  test('fails when a single-model KServe model names a ModelMesh runtime', () => {
    const serving = { runtimes: [RUNTIME], modelMeshRuntimes: [OVMS] };
    expect(problemsOf(environmentText({ models: [model({ runtime: 'ovms' })], serving }))).toEqual([
      {
        path: 'models[0].runtime',
        message: '"ovms" is a ModelMesh runtime from serving.modelMeshRuntimes and serves only deploymentMode "ModelMesh"; name a runtime of serving.runtimes or use deploymentMode "ModelMesh"',
      },
    ]);
  });

  test('fails when a ModelMesh runtime has the name of a KServe runtime', () => {
    const serving = { runtimes: [RUNTIME], modelMeshRuntimes: [{ name: 'sklearn', image: 'quay.io/opendatahub/openvino_model_server:2024.3-release' }] };
    expect(problemsOf(environmentText({ serving }))).toContainEqual({
      path: 'serving.modelMeshRuntimes[0].name',
      message: '"sklearn" is already used by serving.runtimes[0]; runtime names must be unique',
    });
  });

  test('fails when a ModelMesh runtime image is unpinned outside dev', () => {
    const serving = { runtimes: [RUNTIME], modelMeshRuntimes: [{ image: 'quay.io/opendatahub/openvino_model_server' }] };
    expect(problemsOf(environmentText({ stage: 'prod', serving })).map((p) => p.path)).toContain('serving.modelMeshRuntimes[0].image');
  });

  test('fails when a ModelMesh model asks for another API than v2', () => {
    expect(problemsOf(environmentText({ models: [model({ deploymentMode: 'ModelMesh', runtime: 'ovms', api: 'v1' })] }))).toEqual([
      { path: 'models[0].api', message: '"v1" is not served by ModelMesh; its REST proxy speaks "v2" only' },
    ]);
  });

  test('fails when ModelMesh and single-model KServe share a namespace', () => {
    const text = environmentText({ models: [MODEL, model({ name: 'fraud', deploymentMode: 'ModelMesh', runtime: 'ovms' })] });
    expect(problemsOf(text)).toEqual([
      {
        path: 'models[1].deploymentMode',
        message: '"ModelMesh" conflicts with models[0] in namespace "models": a namespace serves either ModelMesh or single-model KServe models; move this model to another namespace',
      },
    ]);
  });

  test('fails when a deployment mode is unknown', () => {
    expect(problemsOf(environmentText({ models: [model({ deploymentMode: 'Knative' })] }))).toEqual([
      { path: 'models[0].deploymentMode', message: '"Knative" is not one of RawDeployment, Serverless, ModelMesh' },
    ]);
  });

  test('GIVEN several problems WHEN loaded THEN all are reported at once, with their lines', () => {
    const result = parseEnvironment('test', environmentText({ models: [model({ minReplicas: 2, maxReplicas: 1, storageUri: undefined })] }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['models[0]', 'models[0].maxReplicas']);
    expect(!result.ok && result.problems.every((p) => p.line > 1)).toBe(true);
  });

  test('fails when a routed model\'s host label would exceed 63 characters', () => {
    const namespace = 'a'.repeat(60);
    expect(problemsOf(environmentText({ models: [model({ namespace, exposure: 'route' })] }))).toEqual([
      {
        path: 'models[0].exposure',
        message: `"route" needs the host label "<name>-<namespace>" to have at most 63 characters; "iris-${namespace}" has 65; shorten the name or the namespace`,
      },
    ]);
  });
});
