import { Testing } from 'cdk8s';
import { ModelEndpoint, type ModelEndpointProps } from '../../lib/constructs/model-endpoint';

const MINIMAL: ModelEndpointProps = {
  name: 'iris',
  namespace: 'models',
  modelFormat: 'sklearn',
  runtime: 'sklearn',
  storageUri: 's3://models/iris',
};

const ROUTED: Partial<ModelEndpointProps> = {
  exposure: 'route',
  appsDomain: 'apps.example.com',
  tokenIssuerUrl: 'https://sso.example.com/realms/ai-realm',
  tokenGateImage: 'docker.io/envoyproxy/envoy:v1.33.0',
};

function render(props: Partial<ModelEndpointProps> = {}) {
  const chart = Testing.chart();
  const endpoint = new ModelEndpoint(chart, 'Model', { ...MINIMAL, ...props } as ModelEndpointProps);
  const objects = Testing.synth(chart);
  return {
    endpoint,
    isvc: objects.find((o) => o.kind === 'InferenceService'),
    route: objects.find((o) => o.kind === 'Route'),
    objects,
  };
}

describe('ModelEndpoint defaults', () => {
  test('GIVEN only the required props WHEN rendered THEN it is one RawDeployment InferenceService shown in the dashboard', () => {
    const { isvc, objects } = render();
    expect(objects).toHaveLength(1);
    expect(isvc.metadata).toEqual({
      name: 'iris',
      namespace: 'models',
      labels: { 'opendatahub.io/dashboard': 'true' },
      annotations: { 'openshift.io/display-name': 'iris', 'serving.kserve.io/deploymentMode': 'RawDeployment' },
    });
  });

  test('GIVEN no replicas WHEN rendered THEN the predictor runs exactly one replica', () => {
    const { isvc } = render();
    expect(isvc.spec.predictor.minReplicas).toBe(1);
    expect(isvc.spec.predictor.maxReplicas).toBe(1);
  });

  test('GIVEN only minReplicas WHEN rendered THEN maxReplicas equals it', () => {
    const { isvc } = render({ minReplicas: 3 });
    expect(isvc.spec.predictor.maxReplicas).toBe(3);
  });

  test('GIVEN no resources WHEN rendered THEN 1 CPU and 2Gi are requested and limited, no GPU', () => {
    const { isvc } = render();
    expect(isvc.spec.predictor.model.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  test('GIVEN no exposure WHEN rendered THEN the URL is the in-cluster predictor Service on the container port and there is no Route', () => {
    const { endpoint, route } = render();
    expect(route).toBeUndefined();
    expect(endpoint.url).toBe('http://iris-predictor.models.svc.cluster.local:8080');
    expect(endpoint.url).toBe(endpoint.internalUrl);
    expect(endpoint.serviceName).toBe('iris-predictor');
    expect(endpoint.port).toBe(8080);
  });

  test('GIVEN no api WHEN rendered THEN the KServe v1 predict path is used', () => {
    const { endpoint } = render();
    expect(endpoint.api).toBe('v1');
    expect(endpoint.pathPrefix).toBe('/v1/models/iris');
    expect(endpoint.predictPath).toBe('/v1/models/iris:predict');
  });
});

describe('ModelEndpoint', () => {
  test('GIVEN a data connection WHEN rendered THEN storage.key and storage.path are set and storageUri is not', () => {
    const { isvc } = render({ storageUri: undefined, storageKey: 'aws-connection-models', storagePath: 'iris/' });
    expect(isvc.spec.predictor.model.storage).toEqual({ key: 'aws-connection-models', path: 'iris/' });
    expect(isvc.spec.predictor.model.storageUri).toBeUndefined();
  });

  test('GIVEN a GPU WHEN rendered THEN nvidia.com/gpu is requested and limited', () => {
    const { isvc } = render({ gpu: 2 });
    expect(isvc.spec.predictor.model.resources.requests['nvidia.com/gpu']).toBe(2);
    expect(isvc.spec.predictor.model.resources.limits['nvidia.com/gpu']).toBe(2);
  });

  test('GIVEN tolerations, a node selector and args WHEN rendered THEN they reach the predictor', () => {
    const { isvc } = render({
      tolerations: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' }],
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
      args: ['--max-model-len=4096'],
    });
    expect(isvc.spec.predictor.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(isvc.spec.predictor.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-L4' });
    expect(isvc.spec.predictor.model.args).toEqual(['--max-model-len=4096']);
  });

  test('GIVEN Serverless WHEN rendered THEN the predictor joins the mesh and stays cluster-local', () => {
    const { isvc } = render({ deploymentMode: 'Serverless' });
    expect(isvc.metadata.annotations).toMatchObject({
      'serving.kserve.io/deploymentMode': 'Serverless',
      'sidecar.istio.io/inject': 'true',
      'sidecar.istio.io/rewriteAppHTTPProbers': 'true',
      'serving.knative.openshift.io/enablePassthrough': 'true',
    });
    expect(isvc.metadata.labels['networking.knative.dev/visibility']).toBe('cluster-local');
  });

  test('GIVEN ModelMesh WHEN rendered THEN the gateway reaches the shared modelmesh-serving Service with v2 infer', () => {
    const { isvc, endpoint } = render({ deploymentMode: 'ModelMesh' });
    expect(isvc.metadata.annotations['serving.kserve.io/deploymentMode']).toBe('ModelMesh');
    expect(isvc.spec.predictor.model.protocolVersion).toBe('v2');
    expect(endpoint.url).toBe('http://modelmesh-serving.models.svc.cluster.local:8008');
    expect(endpoint.predictPath).toBe('/v2/models/iris/infer');
  });

  test('GIVEN an OpenAI-compatible runtime WHEN rendered THEN the path prefix is /v1', () => {
    const { endpoint } = render({ api: 'openai' });
    expect(endpoint.pathPrefix).toBe('/v1');
    expect(endpoint.predictPath).toBe('/v1/chat/completions');
  });

  test('GIVEN exposure route WHEN rendered THEN a reencrypt Route on the apps domain reaches the token gate', () => {
    const { route, endpoint } = render(ROUTED);
    expect(route.metadata).toEqual({ name: 'iris', namespace: 'models', annotations: { 'haproxy.router.openshift.io/timeout': '30s' } });
    expect(route.spec).toEqual({
      host: 'iris-models.apps.example.com',
      to: { kind: 'Service', name: 'iris-token-gate', weight: 100 },
      port: { targetPort: 8443 },
      tls: { termination: 'reencrypt', insecureEdgeTerminationPolicy: 'Redirect' },
    });
    expect(endpoint.url).toBe('https://iris-models.apps.example.com');
    expect(endpoint.internalUrl).toBe('http://iris-predictor.models.svc.cluster.local:8080');
  });

  test('GIVEN exposure route WHEN rendered THEN the token gate forwards to the predictor Service', () => {
    const { endpoint, objects } = render(ROUTED);
    expect(endpoint.tokenGate?.serviceName).toBe('iris-token-gate');
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'InferenceService', 'Route', 'Service']);
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'iris-token-gate');
    expect(config.data['envoy.yaml']).toContain('address: iris-predictor.models.svc.cluster.local');
  });

  test('GIVEN an edge Route WHEN rendered THEN it targets the gate\'s HTTP port and redirects HTTP', () => {
    const { route } = render({ ...ROUTED, tlsTermination: 'edge' });
    expect(route.spec.port).toEqual({ targetPort: 8080 });
    expect(route.spec.tls).toEqual({ termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' });
  });

  test('fails when neither storageUri nor storageKey is given', () => {
    expect(() => render({ storageUri: undefined })).toThrow(
      'model models/iris: give exactly one of storageUri or storageKey (with storagePath); found neither',
    );
  });

  test('fails when both storageUri and storageKey are given', () => {
    expect(() => render({ storageKey: 'conn', storagePath: 'p' })).toThrow(
      'model models/iris: give exactly one of storageUri or storageKey (with storagePath); found both',
    );
  });

  test('fails when storageKey has no storagePath', () => {
    expect(() => render({ storageUri: undefined, storageKey: 'conn' })).toThrow(
      'model models/iris: storageKey "conn" needs storagePath, the model\'s path in the data connection\'s bucket',
    );
  });

  test('fails when minReplicas exceeds maxReplicas', () => {
    expect(() => render({ minReplicas: 3, maxReplicas: 2 })).toThrow(
      'model models/iris: maxReplicas 2 is less than minReplicas 3; raise maxReplicas or lower minReplicas',
    );
  });

  test('fails when a non-RawDeployment model is routed', () => {
    expect(() => render({ ...ROUTED, deploymentMode: 'Serverless' })).toThrow(
      'model models/iris: exposure "route" needs deploymentMode "RawDeployment", not "Serverless"; use exposure "internal"',
    );
  });

  test('fails when a routed model has no apps domain', () => {
    expect(() => render({ ...ROUTED, appsDomain: undefined })).toThrow(
      'model models/iris: exposure "route" needs appsDomain, the cluster\'s router domain, e.g. "apps.cluster.example.com"',
    );
  });

  test('fails when a routed model has no token issuer', () => {
    expect(() => render({ ...ROUTED, tokenIssuerUrl: undefined })).toThrow(
      'model models/iris: exposure "route" needs tokenIssuerUrl and tokenGateImage, for the token check in front of the predictor',
    );
  });

  test('fails when the Route host\'s first label would exceed 63 characters', () => {
    const namespace = 'a'.repeat(60);
    expect(() => render({ ...ROUTED, namespace })).toThrow(
      `model ${namespace}/iris: the Route host's first label "iris-${namespace}" is longer than 63 characters; shorten the name or the namespace`,
    );
  });
});

describe('ModelEndpoint: where the gateway reaches the model (lib/upstream/serving.ts)', () => {
  test('GIVEN a RawDeployment on a runtime listening on 9000 WHEN rendered THEN the gateway calls the pod port 9000, because the predictor Service is headless (opendatahub-io/kserve reconcilers/service/service_reconciler.go@odh-v2.22, ClusterIP None)', () => {
    const { endpoint } = render({ containerPort: 9000 });
    expect(endpoint.url).toBe('http://iris-predictor.models.svc.cluster.local:9000');
    expect(endpoint.port).toBe(9000);
    expect(endpoint.scheme).toBe('http');
  });

  test('GIVEN a routed RawDeployment WHEN rendered THEN the token gate forwards to the container port, not to Service port 80', () => {
    const { objects } = render({ ...ROUTED, containerPort: 8080 });
    const envoy = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'iris-token-gate').data['envoy.yaml'];
    expect(envoy).toContain('address: iris-predictor.models.svc.cluster.local\n');
    expect(envoy).toMatch(/address: iris-predictor\.models\.svc\.cluster\.local\n\s+port_value: 8080\n/);
  });

  test('GIVEN a Serverless model WHEN rendered THEN the gateway calls status.address.url, https://<isvc>.<ns>.svc.cluster.local on kserve-local-gateway, never the mesh-only <isvc>-predictor host (opendatahub-io/kserve ingress_reconciler.go@odh-v2.22; opendatahub-operator istio-local-gateway.yaml@v2.22.0 is ISTIO_MUTUAL)', () => {
    const { endpoint } = render({ deploymentMode: 'Serverless' });
    expect(endpoint.url).toBe('https://iris.models.svc.cluster.local');
    expect(endpoint.serviceName).toBe('iris');
    expect(endpoint.port).toBe(443);
    expect(endpoint.scheme).toBe('https');
    expect(endpoint.url).not.toContain('-predictor');
  });

  test('GIVEN a ModelMesh model WHEN rendered THEN the gateway calls the REST proxy of modelmesh-serving on 8008 (kserve/modelmesh-serving modelmesh_service.go@v0.12.0)', () => {
    const { endpoint } = render({ deploymentMode: 'ModelMesh' });
    expect(endpoint.url).toBe('http://modelmesh-serving.models.svc.cluster.local:8008');
  });

  test('GIVEN a Serverless model WHEN rendered THEN KServe is asked to merge the model metrics into the sidecar (opendatahub-io/kserve metrics_aggregate_injector.go@odh-v2.22; OpenShift AI defaults both to "false")', () => {
    const { isvc } = render({ deploymentMode: 'Serverless' });
    expect(isvc.metadata.annotations).toMatchObject({
      'serving.kserve.io/enable-prometheus-scraping': 'true',
      'serving.kserve.io/enable-metric-aggregation': 'true',
    });
  });

  test('GIVEN a routed model with a 600 s timeout WHEN rendered THEN its Route lets requests run 600 s, not the router default 30 s (openshift/router haproxy-config.template@release-4.16)', () => {
    const { route, objects } = render({ ...ROUTED, routeTimeoutSeconds: 600 });
    expect(route.metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('600s');
    const envoy = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'iris-token-gate').data['envoy.yaml'];
    expect(envoy).toContain('timeout: 600s');
  });
});
