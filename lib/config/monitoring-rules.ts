import { LATENCY_HISTOGRAMS } from '../upstream/serving';
import type { Rule } from './rules';
import { show } from './show';

/**
 * The APIcast selector names at least one label: an empty selector would pick every pod of the gateway
 * namespace and scrape each of them on the metrics port.
 */
const apicastSelectorIsNotEmpty: Rule = (env, report) => {
  if (!env.monitoring.enabled) return;
  if (Object.keys(env.monitoring.apicast.podLabels).length === 0) {
    report(['monitoring', 'apicast', 'podLabels'], env.monitoring.apicast.podLabels,
      'is empty, which selects every pod of the gateway namespace; give the labels of the APIcast pods, e.g. { threescale_component: apicast }');
  }
};

/**
 * The latency threshold can be reached: the gateway cuts every call at its upstream timeout, so a p95 at or
 * above the longest timeout of every model would never be observed and the alert could never fire.
 */
const latencyThresholdIsBelowTimeouts: Rule = (env, report) => {
  if (!env.monitoring.enabled || env.models.length === 0) return;
  const threshold = env.monitoring.alerts.modelLatencyP95Seconds;
  const longest = Math.max(
    ...env.models.map((m) => env.gateway.products[m.name]?.upstreamTimeoutSeconds ?? env.gateway.upstreamTimeoutSeconds),
  );
  if (threshold >= longest) {
    report(['monitoring', 'alerts', 'modelLatencyP95Seconds'], threshold,
      `${threshold} is not below the longest upstream timeout of the models (${longest} s): the gateway cuts calls at that time, ` +
        `so the alert could never fire; use a value below ${longest}`);
  }
};

/**
 * A latency threshold is below the top finite bucket of the histogram its alert reads: `histogram_quantile`
 * never returns more than that bucket's bound, so a threshold at or above it could never fire. vLLM models'
 * alerts read `vllm:e2e_request_latency_seconds` (`modelLatencyP95Seconds`), KServe predict servers'
 * `request_predict_seconds` (`predictLatencyP95Seconds`); ModelMesh models have no latency alert.
 */
const latencyThresholdsAreBelowTopBuckets: Rule = (env, report) => {
  if (!env.monitoring.enabled) return;
  const runtimes = new Map(env.serving.runtimes.map((r) => [r.name, r]));
  const thresholds = [
    { exporter: 'vllm', field: 'modelLatencyP95Seconds', value: env.monitoring.alerts.modelLatencyP95Seconds },
    { exporter: 'kserve', field: 'predictLatencyP95Seconds', value: env.monitoring.alerts.predictLatencyP95Seconds },
  ] as const;
  for (const { exporter, field, value } of thresholds) {
    const models = env.models.filter((m) => m.deploymentMode !== 'ModelMesh')
      .filter((m) => ((m.api ?? runtimes.get(m.runtime)?.api ?? 'v1') === 'openai' ? 'vllm' : 'kserve') === exporter);
    const histogram = LATENCY_HISTOGRAMS[exporter];
    if (models.length === 0 || value < histogram.value.topBucketSeconds) continue;
    report(['monitoring', 'alerts', field], value,
      `${value} is not below ${histogram.value.topBucketSeconds} s, the top finite bucket of ${histogram.value.metric} (${histogram.source}) ` +
        `that the latency alert of ${models.map((m) => m.name).join(', ')} reads: the 95th percentile never exceeds it, so the alert could never fire; ` +
        `use a value below ${histogram.value.topBucketSeconds}`);
  }
};

/** A GrafanaDashboard needs labels to find its Grafana instances: an empty selector imports into none. */
const grafanaInstanceSelectorIsNotEmpty: Rule = (env, report) => {
  if (!env.monitoring.enabled || env.monitoring.dashboard !== 'grafana-operator') return;
  if (Object.keys(env.monitoring.grafanaInstanceLabels).length === 0) {
    report(['monitoring', 'grafanaInstanceLabels'], env.monitoring.grafanaInstanceLabels,
      'is empty with dashboard "grafana-operator"; give the labels of your Grafana resource, e.g. { dashboards: grafana }');
  }
};

/**
 * The dashboard goes into a namespace this environment renders, so that Argo CD creates the namespace before
 * the dashboard and the AppProject allows it.
 */
const dashboardNamespaceIsRendered: Rule = (env, report) => {
  const namespace = env.monitoring.dashboardNamespace;
  if (!env.monitoring.enabled || namespace === undefined) return;
  const rendered = [...new Set([env.gateway.operator.namespace, env.identity.operator.namespace, ...env.models.map((m) => m.namespace)])].sort();
  if (!rendered.includes(namespace)) {
    report(['monitoring', 'dashboardNamespace'], namespace,
      `${show(namespace)} is not a namespace of this environment; use one of ${rendered.join(', ')} (and let Grafana's sidecar search it)`);
  }
};

/** The monitoring section's rules, in the order their problems are reported. */
export const MONITORING_RULES: readonly Rule[] = [
  apicastSelectorIsNotEmpty,
  latencyThresholdIsBelowTimeouts,
  latencyThresholdsAreBelowTopBuckets,
  grafanaInstanceSelectorIsNotEmpty,
  dashboardNamespaceIsRendered,
];
