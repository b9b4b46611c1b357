/**
 * The metrics each exporter documents, with the page that documents them. Alert expressions and dashboard
 * queries may use only these (a test parses every rendered expression and checks its metric and label names
 * against this list), so a typo or a metric of another version is caught before it reaches a cluster.
 */

/** Who exports a metric. */
export type Exporter = 'apicast' | 'vllm' | 'kserve' | 'prometheus';

/** One documented metric family. */
export interface MetricFamily {
  /** Family name; a histogram's series add `_bucket` (with `le`), `_count` and `_sum`. */
  readonly name: string;
  /** Prometheus metric type. */
  readonly type: 'counter' | 'gauge' | 'histogram';
  /** Labels the exporter sets (target labels such as `namespace` and `pod` are added by Prometheus). */
  readonly labels: readonly string[];
  /** Who exports it. */
  readonly exporter: Exporter;
  /** Where the metric and its labels are documented. */
  readonly source: string;
}

const APICAST_DOC =
  'https://docs.redhat.com/en/documentation/red_hat_3scale_api_management/2.15/html/administering_the_api_gateway/prometheus-3scale-apicast';
// `apicast_status` is not in the table of the product documentation; it was added by APIcast PR #1200
// (THREESCALE-5417, CHANGELOG "New apicast_status Prometheus metric") and the 3scale operator's own
// PrometheusRule `ThreescaleApicastHttp4xxErrorRate` uses it with the `status` label. Only `status` is relied on.
const APICAST_STATUS_DOC =
  'https://github.com/3scale/APIcast/pull/1200 (CHANGELOG.md); 3scale-operator pkg/3scale/amp/component/apicast_monitoring.go';
const VLLM_DOC = 'https://docs.vllm.ai/en/v0.7.0/serving/metrics.html (class Metrics, labelnames ["model_name"]; same names since v0.5)';
const KSERVE_DOC = 'https://github.com/kserve/kserve/blob/master/python/kserve/kserve/metrics.py (PROM_LABELS = ["model_name"])';
const PROMETHEUS_DOC = 'https://prometheus.io/docs/concepts/jobs_instances/#automatically-generated-labels-and-time-series';

/** Every metric an expression rendered by this project may use. */
export const METRIC_FAMILIES: readonly MetricFamily[] = [
  // APIcast, port 9421 `/metrics`. service_id and service_system_name need APICAST_EXTENDED_METRICS=true,
  // which the APIManager sets on both gateways (ApicastOptions.ExtendedMetrics = true).
  { name: 'nginx_http_connections', type: 'gauge', labels: ['state'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'nginx_error_log', type: 'counter', labels: ['level'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'total_response_time_seconds', type: 'histogram', labels: ['service_id', 'service_system_name'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'upstream_response_time_seconds', type: 'histogram', labels: ['service_id', 'service_system_name'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'upstream_status', type: 'counter', labels: ['status', 'service_id', 'service_system_name'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'threescale_backend_calls', type: 'counter', labels: ['endpoint', 'status'], exporter: 'apicast', source: APICAST_DOC },
  { name: 'apicast_status', type: 'counter', labels: ['status'], exporter: 'apicast', source: APICAST_STATUS_DOC },
  // vLLM OpenAI server, `/metrics` on its API port.
  { name: 'vllm:num_requests_running', type: 'gauge', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:num_requests_waiting', type: 'gauge', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:gpu_cache_usage_perc', type: 'gauge', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:prompt_tokens_total', type: 'counter', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:generation_tokens_total', type: 'counter', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:request_success_total', type: 'counter', labels: ['model_name', 'finished_reason'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:time_to_first_token_seconds', type: 'histogram', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  { name: 'vllm:e2e_request_latency_seconds', type: 'histogram', labels: ['model_name'], exporter: 'vllm', source: VLLM_DOC },
  // KServe Python model server (sklearn, xgboost, lightgbm, ... servers), `/metrics` on its HTTP port.
  { name: 'request_predict_seconds', type: 'histogram', labels: ['model_name'], exporter: 'kserve', source: KSERVE_DOC },
  { name: 'request_preprocess_seconds', type: 'histogram', labels: ['model_name'], exporter: 'kserve', source: KSERVE_DOC },
  { name: 'request_postprocess_seconds', type: 'histogram', labels: ['model_name'], exporter: 'kserve', source: KSERVE_DOC },
  // Prometheus itself, for every scrape target.
  { name: 'up', type: 'gauge', labels: [], exporter: 'prometheus', source: PROMETHEUS_DOC },
];

/**
 * Labels Prometheus adds to every series scraped through a PodMonitor: `job` (`<namespace>/<PodMonitor name>`
 * unless `jobLabel` is set) and `instance`, plus the operator's `namespace`, `pod`, `container` and `endpoint`.
 */
export const TARGET_LABELS: readonly string[] = ['job', 'instance', 'namespace', 'pod', 'container', 'endpoint'];

/** The documented family of a series name (`x`, or `x_bucket`/`x_count`/`x_sum` of a histogram `x`). */
export function familyOf(series: string): { family: MetricFamily; bucket: boolean } | undefined {
  for (const family of METRIC_FAMILIES) {
    if (family.name === series) return family.type === 'histogram' ? undefined : { family, bucket: false };
    if (family.type === 'histogram') {
      for (const suffix of ['_bucket', '_count', '_sum']) {
        if (`${family.name}${suffix}` === series) return { family, bucket: suffix === '_bucket' };
      }
    }
  }
  return undefined;
}

/** The labels a series may carry: its exporter's, the target labels, and `le` on histogram buckets. */
export function labelsOf(series: string): string[] | undefined {
  const found = familyOf(series);
  if (found === undefined) return undefined;
  return [...found.family.labels, ...TARGET_LABELS, ...(found.bucket ? ['le'] : [])];
}
