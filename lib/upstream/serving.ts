import type { Source } from './types';

/**
 * How OpenShift AI 2.16 serves a model, per deployment mode: the Service KServe (or ModelMesh) puts in front of
 * it, the in-cluster URL the gateway must call, and who may reach it. Read in the source of what OpenShift AI
 * 2.16 builds: opendatahub-io/kserve `odh-v2.22`, opendatahub-io/odh-model-controller `odh-v2.22`,
 * opendatahub-io/opendatahub-operator `v2.22.0` and kserve/modelmesh-serving `v0.12.0`. Every cell cites the
 * file it was read from. `ModelEndpoint`, `ModelNetworkPolicy`, the environment README and docs/serving.md read
 * this table; none of them restates a fact.
 */

/** How KServe runs a model. */
export type DeploymentMode = 'RawDeployment' | 'Serverless' | 'ModelMesh';

/** The deployment modes, in the order the docs show them. */
export const DEPLOYMENT_MODES: readonly DeploymentMode[] = ['RawDeployment', 'Serverless', 'ModelMesh'];

/** A fact and where it was read. */
export interface Cited<T> {
  readonly value: T;
  readonly source: Source;
}

/** What the gateway finds in front of a model of one deployment mode. */
export interface ServingModeFacts {
  /** The Service the gateway's Backend names: `{isvc}` stands for the InferenceService name. */
  readonly service: Cited<string>;
  /** Headless (`clusterIP: None`): a client connects to a pod IP on the port it asked for, not the Service port. */
  readonly headless: Cited<boolean>;
  /** The port the gateway must use, and why it is that one. */
  readonly port: Cited<string>;
  /** `http` or `https` on that port. */
  readonly scheme: Cited<'http' | 'https'>;
  /** Who terminates TLS, with which certificate. */
  readonly tls: Cited<string>;
  /** The URL the gateway calls: `{isvc}`, `{namespace}` and `{containerPort}` are placeholders. */
  readonly url: Cited<string>;
  /** Where the connection that reaches the model's pods comes from (what the namespace's NetworkPolicy must admit). */
  readonly trafficFrom: Cited<string>;
  /** Who else OpenShift AI lets in, by NetworkPolicies of its own that ours cannot take away. */
  readonly openedBy: Cited<string>;
}

const KSERVE = 'opendatahub-io/kserve';
const ODH_MC = 'opendatahub-io/odh-model-controller';
const ODH_OP = 'opendatahub-io/opendatahub-operator';
const MM = 'kserve/modelmesh-serving';

/** The facts per deployment mode. */
export const SERVING_MODES: Readonly<Record<DeploymentMode, ServingModeFacts>> = {
  RawDeployment: {
    service: {
      value: '{isvc}-predictor',
      source: `${KSERVE} pkg/constants/constants.go@odh-v2.22`,
    },
    headless: {
      value: true,
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22`,
    },
    port: {
      value: "the runtime's container port (Service port 80 is ignored by a headless Service)",
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22`,
    },
    scheme: {
      value: 'http',
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22`,
    },
    tls: {
      value: 'none: the runtime serves plain HTTP',
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22`,
    },
    url: {
      value: 'http://{isvc}-predictor.{namespace}.svc.cluster.local:{containerPort}',
      source: `${KSERVE} pkg/constants/constants.go@odh-v2.22`,
    },
    trafficFrom: {
      value: 'the gateway namespace (APIcast pods), directly',
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22`,
    },
    openedBy: {
      value: 'nothing: odh-model-controller adds no NetworkPolicy for RawDeployment',
      source: `${ODH_MC} controllers/reconcilers/kserve_raw_inferenceservice_reconciler.go@odh-v2.22`,
    },
  },
  Serverless: {
    service: {
      value: '{isvc} (ExternalName to kserve-local-gateway.istio-system.svc.cluster.local)',
      source: `${KSERVE} config/overlays/odh/inferenceservice-config-patch.yaml@odh-v2.22`,
    },
    headless: {
      value: false,
      source: `${ODH_OP} controllers/components/kserve/resources/servicemesh/routing/kserve-local-gateway-svc.tmpl.yaml@v2.22.0`,
    },
    port: {
      value: '443 (kserve-local-gateway, target 8445)',
      source: `${ODH_OP} controllers/components/kserve/resources/servicemesh/routing/kserve-local-gateway-svc.tmpl.yaml@v2.22.0`,
    },
    scheme: {
      value: 'https',
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/ingress_reconciler.go@odh-v2.22`,
    },
    tls: {
      value: "SIMPLE TLS at kserve-local-gateway with the service CA's certificate for {isvc}.{namespace}.svc.cluster.local " +
        '(the mesh-only <isvc>-predictor host is ISTIO_MUTUAL at knative-local-gateway)',
      source: `${ODH_MC} controllers/reconcilers/kserve_isvc_gateway_reconciler.go@odh-v2.22`,
    },
    url: {
      value: 'https://{isvc}.{namespace}.svc.cluster.local',
      source: `${KSERVE} pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/ingress_reconciler.go@odh-v2.22`,
    },
    trafficFrom: {
      value: 'istio-system (the mesh ingress gateway) and knative-serving (the activator, when scaled to zero)',
      source: `${ODH_OP} controllers/components/kserve/resources/servicemesh/routing/istio-kserve-local-gateway.tmpl.yaml@v2.22.0`,
    },
    openedBy: {
      value: 'allow-from-openshift-monitoring-ns, allow-from-openshift-ingress (the router), allow-from-opendatahub-ns ' +
        '(every namespace labelled opendatahub.io/dashboard=true, i.e. every data science project, and the OpenShift AI applications namespace)',
      source: `${ODH_MC} controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22`,
    },
  },
  ModelMesh: {
    service: {
      value: 'modelmesh-serving (one per namespace)',
      source: `${MM} pkg/config/config.go@v0.12.0`,
    },
    headless: {
      value: true,
      source: `${MM} config/default/config-defaults.yaml@v0.12.0`,
    },
    port: {
      value: '8008 (REST proxy); 8033 gRPC, which the ModelMesh controller calls',
      source: `${MM} pkg/mmesh/modelmesh_service.go@v0.12.0`,
    },
    scheme: {
      value: 'http',
      source: `${MM} config/default/config-defaults.yaml@v0.12.0`,
    },
    tls: {
      value: 'none by default ("TLS disabled if omitted": tls.secretName unset)',
      source: `${MM} pkg/config/config.go@v0.12.0`,
    },
    url: {
      value: 'http://modelmesh-serving.{namespace}.svc.cluster.local:8008',
      source: `${MM} pkg/mmesh/modelmesh_service.go@v0.12.0`,
    },
    trafficFrom: {
      value: 'the gateway namespace on 8008; the ModelMesh controller (OpenShift AI applications namespace) on 8033; ' +
        'the namespace itself (runtime pods forward to the pod holding the model)',
      source: `${MM} config/rbac/common/networkpolicy-runtimes.yaml@v0.12.0`,
    },
    openedBy: {
      value: 'nothing: odh-model-controller adds no NetworkPolicy for ModelMesh',
      source: `${ODH_MC} controllers/reconcilers/mm_inferenceservice_reconciler.go@odh-v2.22`,
    },
  },
};

/** Port of ModelMesh's REST proxy (`restProxy.port`). */
export const MODELMESH_REST_PORT = 8008;
/** Port of ModelMesh's gRPC API (`InferenceServicePort`), which the ModelMesh controller calls on the runtime pods. */
export const MODELMESH_GRPC_PORT = 8033;
/** Name of ModelMesh's Service in every ModelMesh namespace (`InferenceServiceName`). */
export const MODELMESH_SERVICE = 'modelmesh-serving';
/** Where the ModelMesh port facts were read. */
export const MODELMESH_SOURCES: readonly Source[] = [
  `${MM} pkg/config/config.go@v0.12.0`,
  `${MM} config/default/config-defaults.yaml@v0.12.0`,
  `${MM} config/rbac/common/networkpolicy-runtimes.yaml@v0.12.0`,
];

/**
 * The namespace OpenShift AI runs its controllers in (odh-model-controller, the ModelMesh controller):
 * `redhat-ods-applications` for OpenShift AI, `opendatahub` for Open Data Hub. odh-model-controller reads it from
 * its own `POD_NAMESPACE` (`KServeNamespace`).
 */
export const OPENSHIFT_AI_APPLICATIONS_NAMESPACE: Cited<string> = {
  value: 'redhat-ods-applications',
  source: `${KSERVE} pkg/constants/constants.go@odh-v2.22`,
};

/**
 * The NetworkPolicies odh-model-controller adds to every namespace with a Serverless InferenceService. They
 * admit, besides our gateway, monitoring, the router and every namespace labelled `opendatahub.io/dashboard:
 * "true"` (every data science project), so a workbench in any project can call the model directly.
 */
export const ODH_SERVERLESS_NETWORK_POLICIES: Cited<readonly string[]> = {
  value: ['allow-from-openshift-monitoring-ns', 'allow-from-openshift-ingress', 'allow-from-opendatahub-ns'],
  source: `${ODH_MC} controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22`,
};

/**
 * ServingRuntimes OpenShift AI ships only as Templates (the dashboard instantiates them in a project on demand):
 * a ModelMesh model naming `ovms` finds no runtime unless someone renders it. The template's spec, minus its
 * image parameter `$(ovms-image)` (`quay.io/opendatahub/openvino_model_server:2024.3-release` in Open Data Hub).
 */
export const OVMS_MODELMESH_TEMPLATE = {
  source: `${ODH_MC} config/runtimes/ovms-mm-template.yaml@odh-v2.22`,
  name: 'ovms',
  displayName: 'OpenVINO Model Server',
  containerName: 'ovms',
  args: [
    '--port=8001',
    '--rest_port=8888',
    '--config_path=/models/model_config_list.json',
    '--file_system_poll_wait_seconds=0',
    '--grpc_bind_address=0.0.0.0',
    '--rest_bind_address=0.0.0.0',
  ],
  builtInAdapter: {
    env: [{ name: 'OVMS_FORCE_TARGET_DEVICE', value: 'AUTO' }],
    memBufferBytes: 134217728,
    modelLoadingTimeoutMillis: 90000,
    runtimeManagementPort: 8888,
    serverType: 'ovms',
  },
  grpcDataEndpoint: 'port:8001',
  grpcEndpoint: 'port:8085',
  protocolVersions: ['grpc-v1'],
  supportedModelFormats: [
    { name: 'openvino_ir', version: 'opset1', autoSelect: true },
    { name: 'onnx', version: '1', autoSelect: true },
    { name: 'tensorflow', version: '2', autoSelect: true },
  ],
} as const;

/**
 * Serverless predictors run with an Istio sidecar in a STRICT mTLS namespace: Prometheus cannot scrape the
 * runtime's port. odh-model-controller's own PodMonitor (`istio-proxies-monitor`) scrapes the sidecar's merged
 * metrics on the port of the pod's `prometheus.io/port` annotation, path `/stats/prometheus`; the model's own
 * metrics are merged in only when KServe sets that annotation, which the ISVC asks for with the two annotations
 * below (OpenShift AI's default for both is "false").
 */
export const SERVERLESS_METRICS = {
  path: '/stats/prometheus',
  sidecarContainer: 'istio-proxy',
  isvcAnnotations: {
    'serving.kserve.io/enable-prometheus-scraping': 'true',
    'serving.kserve.io/enable-metric-aggregation': 'true',
  },
  sources: [
    `${ODH_MC} controllers/reconcilers/kserve_istio_podmonitor_reconciler.go@odh-v2.22`,
    `${KSERVE} pkg/webhook/admission/pod/metrics_aggregate_injector.go@odh-v2.22`,
    `${KSERVE} config/overlays/odh/inferenceservice-config-patch.yaml@odh-v2.22`,
  ],
} as const;

/** A model's address as the gateway reaches it. */
export interface ModelAddress {
  /** Service the gateway names. */
  readonly serviceName: string;
  /** Host the gateway connects to. */
  readonly host: string;
  /** Port the gateway connects to. */
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** Base URL, without a default port. */
  readonly url: string;
}

/** Where the gateway reaches a model of a deployment mode (see `SERVING_MODES`). */
export function modelAddress(mode: DeploymentMode, name: string, namespace: string, containerPort: number): ModelAddress {
  const svc = (service: string) => `${service}.${namespace}.svc.cluster.local`;
  if (mode === 'Serverless') {
    const host = svc(name);
    return { serviceName: name, host, port: 443, scheme: 'https', url: `https://${host}` };
  }
  if (mode === 'ModelMesh') {
    const host = svc(MODELMESH_SERVICE);
    return { serviceName: MODELMESH_SERVICE, host, port: MODELMESH_REST_PORT, scheme: 'http', url: `http://${host}:${MODELMESH_REST_PORT}` };
  }
  const host = svc(`${name}-predictor`);
  return { serviceName: `${name}-predictor`, host, port: containerPort, scheme: 'http', url: `http://${host}${containerPort === 80 ? '' : `:${containerPort}`}` };
}

/**
 * The top finite bucket of the latency histograms the model alerts read: a `histogram_quantile` never returns
 * more than it, so a threshold at or above it can never fire.
 */
export const LATENCY_HISTOGRAMS: Readonly<Record<'vllm' | 'kserve', Cited<{ readonly metric: string; readonly topBucketSeconds: number }>>> = {
  // vLLM's `request_latency_buckets` end at 60.0 in the v0.6 line that OpenShift AI 2.16's vLLM builds from
  // (later vLLM releases add 120 ... 7680).
  vllm: { value: { metric: 'vllm:e2e_request_latency_seconds', topBucketSeconds: 60 }, source: 'vllm-project/vllm vllm/engine/metrics.py@v0.6.3' },
  // `Histogram("request_predict_seconds", ...)` without buckets: prometheus_client's DEFAULT_BUCKETS, .005 ... 10.0, +Inf.
  kserve: { value: { metric: 'request_predict_seconds', topBucketSeconds: 10 }, source: `${KSERVE} python/kserve/kserve/metrics.py@odh-v2.22` },
};

/** Render `{isvc}`/`{namespace}`/`{containerPort}` placeholders of a cell. */
export function fillPlaceholders(text: string, values: { isvc?: string; namespace?: string; containerPort?: number }): string {
  return text
    .replace(/\{isvc\}/g, values.isvc ?? '<isvc>')
    .replace(/\{namespace\}/g, values.namespace ?? '<namespace>')
    .replace(/\{containerPort\}/g, values.containerPort === undefined ? '<containerPort>' : String(values.containerPort));
}

/** The table per deployment mode as Markdown, for docs/serving.md (a test keeps the page equal to it). */
export function servingModesMarkdown(): string {
  const rows: [string, keyof ServingModeFacts][] = [
    ['Service', 'service'],
    ['headless', 'headless'],
    ['port the gateway uses', 'port'],
    ['scheme', 'scheme'],
    ['TLS', 'tls'],
    ['URL the gateway calls', 'url'],
    ['traffic reaches the pods from', 'trafficFrom'],
    ['OpenShift AI also admits', 'openedBy'],
  ];
  return DEPLOYMENT_MODES.flatMap((mode) => [
    `### ${mode}`,
    '',
    '| | value | upstream reference |',
    '|---|---|---|',
    ...rows.map(([label, key]) => {
      const cell = SERVING_MODES[mode][key];
      const value = typeof cell.value === 'boolean' ? (cell.value ? 'yes' : 'no') : `${cell.value}`;
      return `| ${label} | ${value.replace(/\|/g, '\\|')} | \`${cell.source}\` |`;
    }),
    '',
  ]).join('\n');
}
