import { ApiObject, App, Chart } from 'cdk8s';
import type { Environment } from '../config/schema';
import { ArgoCdChart, type InventoryItem } from './argocd';
import { GatewayChart } from './gateway';
import { IdentityChart } from './identity';
import { MonitoringChart, monitoringDocsUrl } from './monitoring';
import { ServingChart } from './serving';
import { SmokeChart } from './smoke';
import { applySyncPolicy, type SyncedManifest } from './sync-policy';
import { UPSTREAM_CONNECT_TIMEOUT_SECONDS } from '../constructs/threescale-product';

/** Folder of the rendered environments in the repository; Argo CD Applications point into it. */
export const DIST_FOLDER = 'dist';
/** Chart id (and folder) of the Argo CD manifests, which are applied once and not synced. */
export const ARGOCD_CHART = 'argocd';

/** An environment's charts, by part; `all` in rendering order. */
export interface EnvironmentCharts {
  readonly identity: IdentityChart;
  readonly serving: ServingChart;
  readonly gateway: GatewayChart;
  readonly smoke: SmokeChart;
  readonly argocd: ArgoCdChart;
  /** Every chart, each rendered into `dist/<env>/<chart id>/`. */
  readonly all: readonly Chart[];
  /** The charts Argo CD syncs (all but the Argo CD chart, which is applied by hand): they carry sync waves. */
  readonly synced: readonly Chart[];
  /** The Argo CD version that syncs the environment. */
  readonly argocdVersion: Environment['gitops']['argocdVersion'];
}

/** A chart and the objects it synthesizes. */
export interface SynthesizedChart {
  readonly chart: Chart;
  readonly objects: SyncedManifest[];
}

/**
 * Builds an environment's charts. Each chart renders into `dist/<env>/<chart id>/`, so chart ids are part of
 * the output's layout. Values flow one way: identity and serving outputs feed the gateway; serving and gateway
 * outputs feed monitoring (when enabled); what all of them render feeds the Argo CD chart.
 */
export function buildCharts(app: App, env: Environment): EnvironmentCharts {
  const identity = new IdentityChart(app, 'identity', { identity: env.identity, appsDomain: env.cluster.appsDomain });
  const serving = new ServingChart(app, 'serving', {
    models: env.models,
    gatewayNamespace: env.gateway.operator.namespace,
    runtimes: env.serving.runtimes,
    modelMeshRuntimes: env.serving.modelMeshRuntimes,
    applicationsNamespace: env.serving.applicationsNamespace,
    // As long as APIcast may wait for the model (connect, then the Product's upstream timeout).
    routeTimeoutSeconds: Object.fromEntries(env.models.map((m) => [
      m.name,
      (env.gateway.products[m.name]?.upstreamTimeoutSeconds ?? env.gateway.upstreamTimeoutSeconds) + UPSTREAM_CONNECT_TIMEOUT_SECONDS,
    ])),
    appsDomain: env.cluster.appsDomain,
    tokenIssuerUrl: identity.outputs.issuerUrl,
    tokenGateImage: env.serving.tokenGateImage,
    tokenGateJwks: identity.outputs.inClusterJwks,
  });
  const gateway = new GatewayChart(app, 'gateway', {
    gateway: env.gateway,
    appsDomain: env.cluster.appsDomain,
    identity: identity.outputs,
    models: serving.endpoints,
  });
  const smoke = new SmokeChart(app, 'smoke', {
    smoke: env.smoke,
    environment: env.name,
    identity: identity.outputs,
    endpoints: serving.endpoints,
    apis: gateway.apis,
    requests: new Map(env.models.map((m) => [m.name, m.smoke])),
    consumer: env.gateway.consumers[0]?.name,
  });
  const workloads: Chart[] = [identity, serving, gateway, smoke];
  if (env.monitoring.enabled) {
    workloads.push(new MonitoringChart(app, 'monitoring', {
      environment: env.name,
      monitoring: env.monitoring,
      gatewayNamespace: env.gateway.operator.namespace,
      endpoints: serving.endpoints,
      apis: gateway.apis,
      models: env.models,
      runtimes: env.serving.runtimes,
      docsUrl: monitoringDocsUrl(env.gitops.repoURL, env.gitops.targetRevision),
    }));
  }
  const inventory: InventoryItem[] = workloads.flatMap(chartInventory);
  const argocd = new ArgoCdChart(app, ARGOCD_CHART, {
    environment: env.name,
    gitops: env.gitops,
    path: `${DIST_FOLDER}/${env.name}`,
    folder: ARGOCD_CHART,
    inventory,
  });
  return { identity, serving, gateway, smoke, argocd, all: [...workloads, argocd], synced: workloads, argocdVersion: env.gitops.argocdVersion };
}

/**
 * Synthesizes every chart once (`chart.toJson()`, in rendering order) and annotates the synced charts' objects
 * with their sync waves and options (`applySyncPolicy`, which reads the objects as synthesized).
 */
export function synthesizeCharts(charts: EnvironmentCharts): SynthesizedChart[] {
  const synthesized = charts.all.map((chart) => ({ chart, objects: chart.toJson() as SyncedManifest[] }));
  applySyncPolicy(synthesized.filter(({ chart }) => charts.synced.includes(chart)).flatMap(({ objects }) => objects), { argocdVersion: charts.argocdVersion });
  return synthesized;
}

/**
 * What a chart renders, read from its ApiObjects rather than from `chart.toJson()`: synthesizing resolves every
 * object of the app, and the render synthesizes each chart anyway (this halved the cost of `buildCharts` at
 * 1,000 models). The project uses no JSON patches, which could change an object's identity after this point;
 * the invariant tests over `dist/` check that the AppProject allows every rendered kind and namespace.
 */
function chartInventory(chart: Chart): InventoryItem[] {
  return chart.node
    .findAll()
    .filter(ApiObject.isApiObject)
    .filter((o) => Chart.of(o) === chart)
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.metadata.namespace }));
}
