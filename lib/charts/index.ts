import { ApiObject, App, Chart } from 'cdk8s';
import type { Environment } from '../config/schema';
import { ArgoCdChart, type InventoryItem } from './argocd';
import { GatewayChart } from './gateway';
import { IdentityChart } from './identity';
import { ServingChart } from './serving';
import { SmokeChart } from './smoke';
import { applySyncPolicy } from './sync-policy';

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
}

/**
 * Builds an environment's charts. Each chart renders into `dist/<env>/<chart id>/`, so chart ids are part of
 * the output's layout. Values flow one way: identity and serving outputs feed the gateway; what all of them
 * render feeds the Argo CD chart.
 */
export function buildCharts(app: App, env: Environment): EnvironmentCharts {
  const identity = new IdentityChart(app, 'identity', { identity: env.identity, appsDomain: env.cluster.appsDomain });
  const serving = new ServingChart(app, 'serving', {
    models: env.models,
    gatewayNamespace: env.gateway.operator.namespace,
    runtimes: env.serving.runtimes,
    appsDomain: env.cluster.appsDomain,
    tokenIssuerUrl: identity.outputs.issuerUrl,
    tokenGateImage: env.serving.tokenGateImage,
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
  });
  const workloads = [identity, serving, gateway, smoke];
  workloads.forEach(applySyncPolicy);

  const inventory: InventoryItem[] = workloads.flatMap(chartInventory);
  const argocd = new ArgoCdChart(app, ARGOCD_CHART, {
    environment: env.name,
    gitops: env.gitops,
    path: `${DIST_FOLDER}/${env.name}`,
    folder: ARGOCD_CHART,
    inventory,
  });
  return { identity, serving, gateway, smoke, argocd, all: [...workloads, argocd] };
}

/**
 * What a chart renders, read from its ApiObjects rather than from `chart.toJson()`: synthesizing a chart
 * resolves every object of the whole app, and the render synthesizes each chart again anyway (this halved the
 * cost of `buildCharts` at 1,000 models). An object with JSON patches may rename itself, so a chart holding
 * one is synthesized.
 */
function chartInventory(chart: Chart): InventoryItem[] {
  const objects = chart.node.findAll().filter(ApiObject.isApiObject).filter((o) => Chart.of(o) === chart);
  if (objects.some((o) => (o as unknown as { patches: readonly unknown[] }).patches.length > 0)) {
    return chart.toJson().map((o: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      namespace: o.metadata.namespace,
    }));
  }
  return objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.name, namespace: o.metadata.namespace }));
}
