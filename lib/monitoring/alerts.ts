import type { AlertThresholds } from '../config/monitoring';
import type { Alert } from '../constructs/alert-rules';

/** Window of every `rate()`: long enough for the 30 s scrape interval to give several samples. */
export const RATE_WINDOW = '5m';

/** Which documented metrics a model's runtime exports (see `exporter-metrics.ts`). */
export type ModelExporter = 'vllm' | 'kserve';

/** The facts about one model that its alerts need. */
export interface ModelAlertTarget {
  /** InferenceService name. */
  readonly name: string;
  /** Namespace of the model (and of its PodMonitor and rule). */
  readonly namespace: string;
  /** The `job` label of the model's series (its PodMonitor's `<namespace>/<name>`). */
  readonly job: string;
  /** The runtime's metrics. */
  readonly exporter: ModelExporter;
  /** False when the model may scale to zero: then no series is normal and only `up == 0` is an alert. */
  readonly alwaysRunning: boolean;
}

/** Where the gateway's alerts look. */
export interface GatewayAlertTarget {
  /** Namespace of APIcast (and of the rule). */
  readonly namespace: string;
  /** The `job` label of APIcast's series. */
  readonly job: string;
}

const fmt = (n: number): string => String(n);
/** A ratio as a percentage without float noise: 0.07 -> "7". */
const pct = (ratio: number): string => String(Math.round(ratio * 10000) / 100);

function down(job: string, whenAbsent: boolean): string {
  return whenAbsent ? `sum(up{job="${job}"}) == 0 or absent(up{job="${job}"})` : `sum(up{job="${job}"}) == 0`;
}

/** Alerts on what callers get from the gateway: errors, refused tokens, limits reached, and the gateway down. */
export function gatewayAlerts(target: GatewayAlertTarget, t: AlertThresholds, runbookUrl?: (alert: string) => string): Alert[] {
  const ns = target.namespace;
  const status = (re: string) => `sum(rate(apicast_status{namespace="${ns}",status=~"${re}"}[${RATE_WINDOW}]))`;
  const all = `sum(rate(apicast_status{namespace="${ns}"}[${RATE_WINDOW}]))`;
  const alerts: Alert[] = [
    {
      alert: 'MaaSGatewayDown',
      expr: down(target.job, true),
      for: t.downFor,
      severity: 'critical',
      summary: `No APIcast pod of namespace ${ns} answers on its metrics port`,
      description: 'Prometheus cannot scrape any APIcast gateway: either no APIcast pod runs, or none is reachable. Every model API is unavailable.',
      runbook: `oc -n ${ns} get pods -l threescale_component=apicast; oc -n ${ns} get apimanager -o yaml (status.conditions); ` +
        `oc -n ${ns} logs deploy/apicast-production (or apicast-staging). Check that the PodMonitor's labels match the pods (monitoring.apicast.podLabels).`,
    },
    {
      alert: 'MaaSGateway5xxRatioHigh',
      expr: `${status('5..')} / ${all} > ${fmt(t.gateway5xxRatio)}`,
      for: t.for,
      severity: 'critical',
      summary: `More than ${pct(t.gateway5xxRatio)} % of the gateway's answers are 5xx`,
      description: 'Callers receive server errors: a model is down or too slow (502/503/504 from the gateway) or APIcast itself fails. See MaaSModelUpstreamErrors for which product.',
      runbook: 'Open the MaaS dashboard (Gateway: status codes, upstream 5xx per product). A 504 share means models exceed the upstream timeout; ' +
        'check the model alerts (MaaSModelDown, MaaSModelLatencyHigh). Else read the APIcast logs for errors.',
    },
    {
      alert: 'MaaSGatewayAuthFailuresHigh',
      expr: `${status('401|403')} / ${all} > ${fmt(t.authFailureRatio)}`,
      for: t.for,
      severity: 'warning',
      summary: `More than ${pct(t.authFailureRatio)} % of the gateway's answers refuse the caller's credentials (401/403)`,
      description: 'Many calls carry no token or a token the gateway refuses: Keycloak may be down or its signing keys rotated, ' +
        'the issuer endpoint Secret may be stale, or a client sends expired tokens or has no 3scale application.',
      runbook: 'Get a token from the realm and call the API (docs/gateway.md); 401 = no token sent, 403 = token refused. Check the Keycloak pods and ' +
        'the realm issuer URL; check the ExternalSecret oidc-issuer-<realm> is Ready; check the client id has an application on the Product.',
    },
    {
      alert: 'MaaSGatewayRateLimited',
      expr: `${status('429')} / ${all} > ${fmt(t.rateLimitedRatio)}`,
      for: t.for,
      severity: 'warning',
      summary: `More than ${pct(t.rateLimitedRatio)} % of the gateway's answers are 429: applications exceed their plan limits`,
      description: 'Applications reach their plan limits. APIcast metrics carry no plan or application label: see which ones in 3scale ' +
        '(Admin Portal > Analytics, or the applications\' usage alerts).',
      runbook: 'In the 3scale Admin Portal, open the Product > Analytics > Usage and the applications near their limits; move them to a larger plan ' +
        'or raise the plan limit in environments/<env>.yaml (gateway.plans).',
    },
    {
      alert: 'MaaSModelUpstreamErrors',
      expr: `sum by (service_system_name) (rate(upstream_status{namespace="${ns}",status=~"5.."}[${RATE_WINDOW}])) / ` +
        `sum by (service_system_name) (rate(upstream_status{namespace="${ns}"}[${RATE_WINDOW}])) > ${fmt(t.gateway5xxRatio)}`,
      for: t.for,
      severity: 'warning',
      summary: `Product {{ $labels.service_system_name }}: more than ${pct(t.gateway5xxRatio)} % of the model's answers are 5xx`,
      description: 'The model behind this product answers the gateway with server errors.',
      runbook: 'oc -n <model namespace> get inferenceservice,pods; read the predictor logs (kserve-container). Check memory or GPU exhaustion.',
    },
  ];
  return alerts.map((a) => (runbookUrl === undefined ? a : { ...a, runbookUrl: runbookUrl(a.alert) }));
}

/** Alerts on one model: latency, queue (where the runtime reports it) and predictor down. */
export function modelAlerts(target: ModelAlertTarget, t: AlertThresholds, runbookUrl?: (alert: string) => string): Alert[] {
  const sel = `{job="${target.job}"}`;
  const histogram = target.exporter === 'vllm' ? 'vllm:e2e_request_latency_seconds_bucket' : 'request_predict_seconds_bucket';
  const latency = target.exporter === 'vllm' ? t.modelLatencyP95Seconds : t.predictLatencyP95Seconds;
  const where = `${target.namespace}/${target.name}`;
  const alerts: Alert[] = [
    {
      alert: 'MaaSModelDown',
      expr: down(target.job, target.alwaysRunning),
      for: t.downFor,
      severity: 'critical',
      summary: `Model ${where}: no predictor pod answers on its metrics port`,
      description: 'The gateway gets 503 for this model: the predictor pods are not running or not ready.',
      runbook: `oc -n ${target.namespace} get inferenceservice ${target.name} -o yaml (status.conditions); ` +
        `oc -n ${target.namespace} get pods -l serving.kserve.io/inferenceservice=${target.name}; read the kserve-container logs ` +
        '(model download, GPU scheduling, out of memory).',
    },
    {
      alert: 'MaaSModelLatencyHigh',
      expr: `histogram_quantile(0.95, sum by (le) (rate(${histogram}${sel}[${RATE_WINDOW}]))) > ${fmt(latency)}`,
      for: t.for,
      severity: 'warning',
      summary: `Model ${where}: 95 % of requests take up to {{ $value | humanizeDuration }}, above ${fmt(latency)} s`,
      description: 'Requests are slow: the model is saturated (see its queue) or requests got longer.',
      runbook: 'Open the MaaS dashboard, model row: compare running and waiting requests and tokens per second. ' +
        `Raise maxReplicas of ${target.name} in environments/<env>.yaml, or lower max tokens per request.`,
    },
  ];
  if (target.exporter === 'vllm') {
    alerts.push({
      alert: 'MaaSModelQueueLong',
      expr: `sum(vllm:num_requests_waiting${sel}) > ${fmt(t.modelQueueLength)}`,
      for: t.for,
      severity: 'warning',
      summary: `Model ${where}: {{ $value }} requests wait for a slot, more than ${fmt(t.modelQueueLength)}`,
      description: 'vLLM has more requests than its batch takes: callers wait before generation starts (time to first token grows).',
      runbook: `Scale the model out (maxReplicas of ${target.name}) or lower the plan limits that let this much traffic in.`,
    });
  }
  return alerts.map((a) => (runbookUrl === undefined ? a : { ...a, runbookUrl: runbookUrl(a.alert) }));
}
