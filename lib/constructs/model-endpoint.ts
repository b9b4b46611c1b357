import { Construct } from 'constructs';
import {
  InferenceService,
  InferenceServiceSpecPredictorModelResourcesLimits as Limit,
  InferenceServiceSpecPredictorModelResourcesRequests as Request,
} from '../../imports/kserve-inferenceservice-serving.kserve.io';
import {
  Route,
  RouteSpecTlsInsecureEdgeTerminationPolicy,
  RouteSpecTlsTermination,
  RouteSpecToKind,
} from '../../imports/openshift-route-route.openshift.io';
import { ROUTER_TIMEOUT_ANNOTATION } from '../upstream/controller-effects';
import { SERVERLESS_METRICS, modelAddress, type DeploymentMode } from '../upstream/serving';
import { TokenGate, type TokenGateJwks } from './token-gate';

export type { DeploymentMode };

/** The REST API a model speaks: OpenAI, KServe v1 (`:predict`) or Open Inference Protocol v2 (`/infer`). */
export type ServingApi = 'openai' | 'v1' | 'v2';

/** A pod toleration, as the Kubernetes API spells it. */
export interface ModelToleration {
  /** Taint key; none with `Exists` tolerates every taint. @default - every key */
  readonly key?: string;
  /** `Exists` or `Equal`. @default "Exists" */
  readonly operator?: 'Exists' | 'Equal';
  /** Taint value for `Equal`. @default - none */
  readonly value?: string;
  /** Taint effect. @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** Properties for `ModelEndpoint`. */
export interface ModelEndpointProps {
  /** InferenceService name; also names its Service and Route. Part of the public URL: treat as stable. */
  readonly name: string;
  /** Namespace of the InferenceService. */
  readonly namespace: string;
  /** Model format name, e.g. `vLLM`, `sklearn`, `onnx`. */
  readonly modelFormat: string;
  /** ServingRuntime that serves the model, in the same namespace. */
  readonly runtime: string;
  /**
   * Port the runtime's container listens on (the ServingRuntime's `containerPort`). A RawDeployment predictor
   * Service is headless, so the gateway must call this port, not the Service's port 80.
   *
   * @default 8080
   */
  readonly containerPort?: number;
  /** Model format version. @default - any version */
  readonly modelFormatVersion?: string;
  /** Where the model files are (`oci://`, `s3://`, `pvc://`, ...). @default - `storageKey` and `storagePath` */
  readonly storageUri?: string;
  /** Data connection name (key of the namespace's `storage-config` Secret). @default - `storageUri` */
  readonly storageKey?: string;
  /** Path of the model in the data connection's bucket. @default - `storageUri` */
  readonly storagePath?: string;
  /** Name shown in the OpenShift AI dashboard. @default the name */
  readonly displayName?: string;
  /** How KServe runs the model. @default "RawDeployment" */
  readonly deploymentMode?: DeploymentMode;
  /** CPU per replica, requested and limited. @default "1" */
  readonly cpu?: string;
  /** Memory per replica, requested and limited. @default "2Gi" */
  readonly memory?: string;
  /** NVIDIA GPUs per replica. @default 0 */
  readonly gpu?: number;
  /** Tolerations for tainted nodes. @default [] */
  readonly tolerations?: readonly ModelToleration[];
  /** Node labels the predictor must run on. @default {} */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Minimum replicas. @default 1 */
  readonly minReplicas?: number;
  /** Maximum replicas. @default minReplicas, at least 1 */
  readonly maxReplicas?: number;
  /** Arguments appended to the runtime's. @default [] */
  readonly args?: readonly string[];
  /** The REST API the model speaks. @default "v2" with ModelMesh, else "v1" */
  readonly api?: ServingApi;
  /** `internal` (no Route) or `route` (an OpenShift Route to a `TokenGate` in front of the predictor). @default "internal" */
  readonly exposure?: 'internal' | 'route';
  /** Route TLS termination. @default "reencrypt" */
  readonly tlsTermination?: 'reencrypt' | 'edge';
  /** The cluster's apps domain; the Route host is `<name>-<namespace>.<appsDomain>`. Required with `exposure: route`. @default - none */
  readonly appsDomain?: string;
  /** Issuer URL of the realm whose tokens a routed model accepts. Required with `exposure: route`. @default - none */
  readonly tokenIssuerUrl?: string;
  /** Envoy image of the token gate. Required with `exposure: route`. @default - none */
  readonly tokenGateImage?: string;
  /** Where the token gate fetches the realm's keys. @default - the issuer URL, verified with the cluster's trusted CA bundle */
  readonly tokenGateJwks?: TokenGateJwks;
  /**
   * Seconds the router lets a request on the model's Route run (`haproxy.router.openshift.io/timeout`); the
   * router's default is 30 s.
   *
   * @default 30
   */
  readonly routeTimeoutSeconds?: number;
}

/**
 * A model served by KServe on OpenShift AI: an InferenceService, and for `exposure: route` a `TokenGate` that
 * admits only the realm's tokens and an OpenShift Route with TLS to it. Its outputs say where the gateway
 * reaches it.
 */
export class ModelEndpoint extends Construct {
  /** InferenceService name. */
  public readonly name: string;
  /** Namespace of the InferenceService. */
  public readonly namespace: string;
  /** How KServe runs the model. */
  public readonly deploymentMode: DeploymentMode;
  /** The REST API the model speaks. */
  public readonly api: ServingApi;
  /** In-cluster Service that serves the model: `<name>-predictor`, or `modelmesh-serving` for ModelMesh. */
  public readonly serviceName: string;
  /** Port the gateway connects to: the runtime's container port, 443 (Serverless) or 8008 (ModelMesh). */
  public readonly port: number;
  /** Host the gateway connects to. */
  public readonly host: string;
  /** `http`, or `https` for Serverless (kserve-local-gateway, service CA). */
  public readonly scheme: 'http' | 'https';
  /** In-cluster base URL, e.g. `http://granite-predictor.models.svc.cluster.local:8080` (see lib/upstream/serving.ts). */
  public readonly internalUrl: string;
  /** Public Route host, when routed. */
  public readonly routeHost?: string;
  /** The token check in front of the predictor, when routed. */
  public readonly tokenGate?: TokenGate;
  /** Base URL the gateway forwards to: the Route URL when routed, else `internalUrl`. */
  public readonly url: string;
  /** Path prefix of the model's API under `url`: `/v1` (OpenAI), `/v1/models/<name>`, `/v2/models/<name>`. */
  public readonly pathPrefix: string;
  /** Path of the inference call: `/v1/chat/completions`, `/v1/models/<name>:predict` or `/v2/models/<name>/infer`. */
  public readonly predictPath: string;

  constructor(scope: Construct, id: string, props: ModelEndpointProps) {
    super(scope, id);
    const deploymentMode = props.deploymentMode ?? 'RawDeployment';
    const cpu = props.cpu ?? '1';
    const memory = props.memory ?? '2Gi';
    const gpu = props.gpu ?? 0;
    const tolerations = props.tolerations ?? [];
    const nodeSelector = props.nodeSelector ?? {};
    const minReplicas = props.minReplicas ?? 1;
    const maxReplicas = props.maxReplicas ?? Math.max(minReplicas, 1);
    const args = props.args ?? [];
    const api = props.api ?? (deploymentMode === 'ModelMesh' ? 'v2' : 'v1');
    const exposure = props.exposure ?? 'internal';
    const tlsTermination = props.tlsTermination ?? 'reencrypt';
    const displayName = props.displayName ?? props.name;
    const containerPort = props.containerPort ?? 8080;
    const routeTimeoutSeconds = props.routeTimeoutSeconds ?? 30;
    const where = `model ${props.namespace}/${props.name}`;

    if ((props.storageUri === undefined) === (props.storageKey === undefined)) {
      throw new Error(`${where}: give exactly one of storageUri or storageKey (with storagePath); found ${props.storageUri === undefined ? 'neither' : 'both'}`);
    }
    if (props.storageKey !== undefined && props.storagePath === undefined) {
      throw new Error(`${where}: storageKey "${props.storageKey}" needs storagePath, the model's path in the data connection's bucket`);
    }
    if (minReplicas > maxReplicas) {
      throw new Error(`${where}: maxReplicas ${maxReplicas} is less than minReplicas ${minReplicas}; raise maxReplicas or lower minReplicas`);
    }
    if (exposure === 'route' && deploymentMode !== 'RawDeployment') {
      throw new Error(`${where}: exposure "route" needs deploymentMode "RawDeployment", not "${deploymentMode}"; use exposure "internal"`);
    }
    if (exposure === 'route' && props.appsDomain === undefined) {
      throw new Error(`${where}: exposure "route" needs appsDomain, the cluster's router domain, e.g. "apps.cluster.example.com"`);
    }
    if (exposure === 'route' && (props.tokenIssuerUrl === undefined || props.tokenGateImage === undefined)) {
      throw new Error(`${where}: exposure "route" needs tokenIssuerUrl and tokenGateImage, for the token check in front of the predictor`);
    }
    if (exposure === 'route' && `${props.name}-${props.namespace}`.length > 63) {
      throw new Error(`${where}: the Route host's first label "${props.name}-${props.namespace}" is longer than 63 characters; shorten the name or the namespace`);
    }

    this.name = props.name;
    this.namespace = props.namespace;
    this.deploymentMode = deploymentMode;
    this.api = api;
    const address = modelAddress(deploymentMode, props.name, props.namespace, containerPort);
    this.serviceName = address.serviceName;
    this.port = address.port;
    this.host = address.host;
    this.scheme = address.scheme;
    this.internalUrl = address.url;
    this.pathPrefix = api === 'openai' ? '/v1' : `/${api}/models/${props.name}`;
    this.predictPath = api === 'openai' ? '/v1/chat/completions' : api === 'v1' ? `/v1/models/${props.name}:predict` : `/v2/models/${props.name}/infer`;

    const annotations: Record<string, string> = {
      'openshift.io/display-name': displayName,
      'serving.kserve.io/deploymentMode': deploymentMode,
    };
    // Shows the model in the OpenShift AI dashboard.
    const labels: Record<string, string> = { 'opendatahub.io/dashboard': 'true' };
    if (deploymentMode === 'Serverless') {
      // OpenShift AI's Serverless setup: the predictor joins the service mesh, which terminates TLS itself.
      annotations['sidecar.istio.io/inject'] = 'true';
      annotations['sidecar.istio.io/rewriteAppHTTPProbers'] = 'true';
      annotations['serving.knative.openshift.io/enablePassthrough'] = 'true';
      // No public Knative route: the gateway reaches the model in-cluster.
      labels['networking.knative.dev/visibility'] = 'cluster-local';
      // Merge the model's metrics into the sidecar's, the only port Prometheus can scrape under STRICT mTLS.
      Object.assign(annotations, SERVERLESS_METRICS.isvcAnnotations);
    }

    const requests: Record<string, Request> = { cpu: Request.fromString(cpu), memory: Request.fromString(memory) };
    const limits: Record<string, Limit> = { cpu: Limit.fromString(cpu), memory: Limit.fromString(memory) };
    if (gpu > 0) {
      requests['nvidia.com/gpu'] = Request.fromNumber(gpu);
      limits['nvidia.com/gpu'] = Limit.fromNumber(gpu);
    }

    new InferenceService(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels, annotations },
      spec: {
        predictor: {
          minReplicas,
          maxReplicas,
          tolerations: tolerations.length > 0 ? tolerations.map((t) => ({ ...t, operator: t.operator ?? 'Exists' })) : undefined,
          nodeSelector: Object.keys(nodeSelector).length > 0 ? { ...nodeSelector } : undefined,
          model: {
            modelFormat: { name: props.modelFormat, version: props.modelFormatVersion },
            runtime: props.runtime,
            protocolVersion: api === 'v2' ? 'v2' : undefined,
            storageUri: props.storageUri,
            storage: props.storageKey === undefined ? undefined : { key: props.storageKey, path: props.storagePath },
            args: args.length > 0 ? [...args] : undefined,
            resources: { requests, limits },
          },
        },
      },
    });

    if (exposure === 'route' && props.tokenIssuerUrl !== undefined && props.tokenGateImage !== undefined) {
      const gate = new TokenGate(this, 'TokenGate', {
        name: props.name,
        namespace: props.namespace,
        upstreamUrl: this.internalUrl,
        issuerUrl: props.tokenIssuerUrl,
        image: props.tokenGateImage,
        jwks: props.tokenGateJwks,
        tlsTermination,
        timeoutSeconds: routeTimeoutSeconds,
      });
      this.tokenGate = gate;
      const host = `${props.name}-${props.namespace}.${props.appsDomain}`;
      this.routeHost = host;
      new Route(this, 'Route', {
        // The router cuts a request after 30 s unless told otherwise; a generation may take minutes.
        metadata: { name: props.name, namespace: props.namespace, annotations: { [ROUTER_TIMEOUT_ANNOTATION]: `${routeTimeoutSeconds}s` } },
        spec: {
          host,
          to: { kind: RouteSpecToKind.SERVICE, name: gate.serviceName, weight: 100 },
          port: { targetPort: gate.port },
          tls: {
            termination: tlsTermination === 'reencrypt' ? RouteSpecTlsTermination.REENCRYPT : RouteSpecTlsTermination.EDGE,
            insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT,
          },
        },
      });
    }
    this.url = this.routeHost === undefined ? this.internalUrl : `https://${this.routeHost}`;
  }
}
