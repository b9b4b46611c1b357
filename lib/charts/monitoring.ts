import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Monitoring } from '../config/monitoring';
import type { Model } from '../config/schema';
import type { ServingRuntimeSpec } from '../config/serving';
import { AlertRules } from '../constructs/alert-rules';
import { GrafanaDashboard } from '../constructs/grafana-dashboard';
import { MetricsPodMonitor } from '../constructs/metrics-pod-monitor';
import { gatewayAlerts, modelAlerts, type ModelExporter } from '../monitoring/alerts';
import { maasDashboard, type DashboardModel } from '../monitoring/dashboard';
import { kservePredictorPodLabels } from '../monitoring/target-labels';
import type { PublishedApi } from './gateway';
import type { ModelEndpointOutputs } from './outputs';

/** Port a runtime not defined in the environment is assumed to serve `/metrics` on (KServe's default HTTP port). */
const DEFAULT_RUNTIME_PORT = 8080;

/** Properties for `MonitoringChart`. */
export interface MonitoringChartProps {
  /** Environment name, for the dashboard's title. */
  readonly environment: string;
  /** The environment's monitoring section. */
  readonly monitoring: Monitoring;
  /** Namespace of the 3scale operator and APIcast. */
  readonly gatewayNamespace: string;
  /** Where each model is served (the serving chart's outputs). */
  readonly endpoints: readonly ModelEndpointOutputs[];
  /** Where each model is published (the gateway chart's outputs), for the product names on the dashboard. */
  readonly apis: readonly PublishedApi[];
  /** The models as configured: deployment mode, replicas and runtime. */
  readonly models: readonly Model[];
  /**
   * Runtimes defined by the environment, for the port each serves `/metrics` on.
   *
   * @default [] (every runtime is assumed to serve on 8080)
   */
  readonly runtimes?: readonly ServingRuntimeSpec[];
  /**
   * Web URL of this repository's `docs/monitoring.md` at the synced revision; each alert links its section.
   *
   * @default - alerts carry the runbook text only
   */
  readonly docsUrl?: string;
}

/** A model that is not monitored, and why. */
export interface UnmonitoredModel {
  readonly name: string;
  readonly reason: string;
}

/**
 * Monitoring for OpenShift user-workload monitoring (design: optional enhancements): a PodMonitor and alerts for
 * APIcast in the gateway namespace, a PodMonitor and alerts per model in its namespace (rules are evaluated per
 * namespace), and one Grafana dashboard.
 */
export class MonitoringChart extends Chart {
  /** The APIcast monitor. */
  public readonly gatewayMonitor: MetricsPodMonitor;
  /** Per monitored model, its monitor. */
  public readonly modelMonitors: readonly MetricsPodMonitor[];
  /** Models left out, with the reason. */
  public readonly unmonitored: readonly UnmonitoredModel[];

  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { monitoring } = props;
    const runtimes = new Map((props.runtimes ?? []).map((r) => [r.name, r]));
    const runbookUrl = props.docsUrl === undefined ? undefined : (alert: string) => `${props.docsUrl}#${alert.toLowerCase()}`;

    this.gatewayMonitor = new MetricsPodMonitor(this, 'Apicast', {
      name: 'apicast',
      namespace: props.gatewayNamespace,
      podLabels: monitoring.apicast.podLabels,
      port: monitoring.apicast.metricsPort,
    });
    new AlertRules(this, 'GatewayAlerts', {
      name: 'maas-gateway',
      namespace: props.gatewayNamespace,
      groupName: 'maas-gateway',
      alerts: gatewayAlerts({ namespace: props.gatewayNamespace, job: this.gatewayMonitor.job }, monitoring.alerts, runbookUrl),
    });

    const monitors: MetricsPodMonitor[] = [];
    const unmonitored: UnmonitoredModel[] = [];
    const dashboardModels: DashboardModel[] = [];
    for (const endpoint of props.endpoints) {
      const model = props.models.find((m) => m.name === endpoint.name && m.namespace === endpoint.namespace);
      if (model === undefined) {
        throw new Error(`MonitoringChart: endpoint ${endpoint.namespace}/${endpoint.name} has no model in models; pass the environment's models`);
      }
      if (model.deploymentMode === 'ModelMesh') {
        unmonitored.push({ name: model.name, reason: 'ModelMesh serves every model of the namespace from shared pods; its metrics are not per model' });
        continue;
      }
      const exporter: ModelExporter = endpoint.openAICompatible ? 'vllm' : 'kserve';
      const monitor = new MetricsPodMonitor(this, `Model-${model.namespace}-${model.name}`, {
        name: `${model.name}-metrics`,
        namespace: model.namespace,
        podLabels: predictorSelector(model.name),
        port: runtimes.get(model.runtime)?.containerPort ?? DEFAULT_RUNTIME_PORT,
        sidecarMergedMetrics: model.deploymentMode === 'Serverless',
      });
      monitors.push(monitor);
      new AlertRules(this, `ModelAlerts-${model.namespace}-${model.name}`, {
        name: `${model.name}-alerts`,
        namespace: model.namespace,
        groupName: `maas-model-${model.name}`,
        alerts: modelAlerts(
          { name: model.name, namespace: model.namespace, job: monitor.job, exporter, alwaysRunning: model.minReplicas > 0 },
          monitoring.alerts,
          runbookUrl,
        ),
      });
      dashboardModels.push({
        name: model.name,
        namespace: model.namespace,
        job: monitor.job,
        exporter,
        product: props.apis.find((a) => a.model === model.name)?.product,
      });
    }
    this.modelMonitors = monitors;
    this.unmonitored = unmonitored;

    new GrafanaDashboard(this, 'Dashboard', {
      name: 'maas-dashboard',
      namespace: monitoring.dashboardNamespace ?? props.gatewayNamespace,
      dashboard: maasDashboard({ environment: props.environment, gatewayNamespace: props.gatewayNamespace, models: dashboardModels }),
      form: monitoring.dashboard,
      configMapLabels: monitoring.dashboardLabels,
      instanceLabels: monitoring.grafanaInstanceLabels,
    });
  }
}

/** The predictor pods of one InferenceService, by the labels KServe puts on them (RawDeployment and Serverless). */
function predictorSelector(name: string): Record<string, string> {
  const all = kservePredictorPodLabels(name);
  // `app: isvc.<name>-predictor` is set on RawDeployment pods only; these two are on every predictor pod.
  return { component: all.component, 'serving.kserve.io/inferenceservice': all['serving.kserve.io/inferenceservice'] };
}

/**
 * Web URL of `docs/monitoring.md` for a GitHub repository at a revision, e.g.
 * `https://github.com/org/repo/blob/main/docs/monitoring.md`; undefined for other hosts (their URL scheme differs).
 */
export function monitoringDocsUrl(repoURL: string, targetRevision: string): string | undefined {
  const url = new URL(repoURL);
  if (url.hostname !== 'github.com') return undefined;
  return `https://github.com${url.pathname.replace(/\.git$/, '')}/blob/${targetRevision}/docs/monitoring.md`;
}
