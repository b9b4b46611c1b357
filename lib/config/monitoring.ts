import { z } from 'zod';
import { dnsLabel } from './primitives';
import { show } from './show';

/** A share of calls, greater than 0 and at most 1 (`0.05` is 5 %). */
const ratio = z.number().refine((value) => value > 0 && value <= 1, {
  error: (issue) => `${show(issue.input)} is not a ratio: write a number greater than 0 and at most 1, e.g. 0.05 for 5 %`,
});

/** A Prometheus duration such as `5m`, `1h30m`, how long a condition must hold before an alert fires. */
const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d|w|y))+$/, {
  error: (issue) => `${show(issue.input)} is not a Prometheus duration: write a number and a unit, e.g. "5m", "1h", "90s"`,
});

/** Kubernetes label keys and values, e.g. `threescale_component: apicast`. */
const labels = z.record(z.string().min(1), z.string());

/** The alert thresholds; each alert's expression is rendered with these values (see docs/monitoring.md). */
export const alertThresholds = z.strictObject({
  /** Share of gateway answers with a 5xx status above which `MaaSGateway5xxRatioHigh` fires. */
  gateway5xxRatio: ratio.default(0.05),
  /** Share of 401 and 403 answers above which `MaaSGatewayAuthFailuresHigh` fires (a broken Keycloak or client). */
  authFailureRatio: ratio.default(0.25),
  /** Share of 429 answers (plan limits reached) above which `MaaSGatewayRateLimited` fires. */
  rateLimitedRatio: ratio.default(0.1),
  /**
   * 95th percentile of an OpenAI-compatible (vLLM) model's end-to-end latency, seconds, above which
   * `MaaSModelLatencyHigh` fires; below 60, the top finite bucket of vLLM's histogram.
   */
  modelLatencyP95Seconds: z.number().positive().default(30),
  /**
   * 95th percentile of a KServe predict server's (sklearn, ...) `predict` latency, seconds, above which
   * `MaaSModelLatencyHigh` fires; below 10, the top finite bucket of KServe's histogram.
   */
  predictLatencyP95Seconds: z.number().positive().default(5),
  /** Requests waiting in a model's queue (vLLM) above which `MaaSModelQueueLong` fires. */
  modelQueueLength: z.int().min(1).default(10),
  /** How long a ratio, latency or queue condition must hold before its alert fires. */
  for: duration.default('10m'),
  /** How long the gateway or a predictor must be unreachable before `...Down` fires. */
  downFor: duration.default('5m'),
});

/**
 * Metrics, alerts and dashboards for the gateway and the models (OpenShift user-workload monitoring and
 * Grafana). Off unless an environment opts in with `enabled: true`.
 */
export const monitoring = z.strictObject({
  /** Render the `monitoring` chart: PodMonitors, PrometheusRules and a Grafana dashboard. */
  enabled: z.boolean().default(false),
  /** APIcast's Prometheus endpoint (`/metrics`): its port and the labels of its pods in the gateway namespace. */
  apicast: z
    .strictObject({
      /** Port of APIcast's `/metrics`; APIcast serves it on 9421. */
      metricsPort: z.int().min(1).max(65535).default(9421),
      /**
       * Labels that select the APIcast pods. The default matches both gateways of the 3scale operator's
       * APIManager (`apicast-staging` and `apicast-production`).
       */
      podLabels: labels.default({ threescale_component: 'apicast' }),
    })
    .prefault({}),
  /** Alert thresholds. */
  alerts: alertThresholds.prefault({}),
  /**
   * How the Grafana dashboard is delivered: `configmap` (a ConfigMap the Grafana sidecar or a GrafanaDashboard
   * `configMapRef` picks up; validated like every other object) or `grafana-operator` (a GrafanaDashboard of the
   * Grafana operator v5; its schema is not pinned here, so it is rendered unvalidated).
   */
  dashboard: z.enum(['configmap', 'grafana-operator']).default('configmap'),
  /** Namespace of the dashboard object. @default the gateway namespace */
  dashboardNamespace: dnsLabel.optional(),
  /** Labels of the dashboard ConfigMap; the Grafana sidecar loads ConfigMaps labelled `grafana_dashboard`. */
  dashboardLabels: labels.default({ grafana_dashboard: '1' }),
  /** Labels of the Grafana instances that import a GrafanaDashboard (`spec.instanceSelector.matchLabels`). */
  grafanaInstanceLabels: labels.default({ dashboards: 'grafana' }),
});

/** The monitoring section as loaded, defaults applied. */
export type Monitoring = z.output<typeof monitoring>;

/** The alert thresholds as loaded. */
export type AlertThresholds = z.output<typeof alertThresholds>;
