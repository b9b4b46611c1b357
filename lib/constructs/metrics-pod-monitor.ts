import { Construct } from 'constructs';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction as Action,
  PodMonitorSpecPodMetricsEndpointsScheme,
  PodMonitorSpecPodMetricsEndpointsTargetPort,
  type PodMonitorSpecPodMetricsEndpoints,
} from '../../imports/monitoring-podmonitor-monitoring.coreos.com';
import { SERVERLESS_METRICS } from '../upstream/serving';

/** Properties for `MetricsPodMonitor`. */
export interface MetricsPodMonitorProps {
  /** PodMonitor name; with the namespace it makes the `job` label of every scraped series. */
  readonly name: string;
  /** Namespace of the PodMonitor and of the pods (user-workload monitoring scrapes a monitor's own namespace only). */
  readonly namespace: string;
  /** Labels the pods carry (`matchLabels`); at least one. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Container port that serves the metrics (ignored with `sidecarMergedMetrics`). */
  readonly port: number;
  /**
   * Scrape the Istio sidecar's merged metrics instead of `port`, as odh-model-controller's own
   * `istio-proxies-monitor` does: in a Serverless (STRICT mTLS) namespace Prometheus, outside the mesh, cannot
   * reach the runtime's plain port, so a monitor on it never scrapes and the predictor looks down forever.
   *
   * @default false
   */
  readonly sidecarMergedMetrics?: boolean;
  /**
   * HTTP path of the metrics.
   *
   * @default "/metrics"
   */
  readonly path?: string;
  /**
   * Scrape interval.
   *
   * @default "30s"
   */
  readonly interval?: string;
}

/**
 * A PodMonitor (prometheus-operator v0.73, as OpenShift 4.16 ships it) that has user-workload monitoring scrape
 * the pods with the given labels on one port.
 */
export class MetricsPodMonitor extends Construct {
  /** PodMonitor name. */
  public readonly name: string;
  /** Namespace of the PodMonitor and its pods. */
  public readonly namespace: string;
  /** The `job` label of the scraped series: `<namespace>/<name>` (no `jobLabel` is set). */
  public readonly job: string;
  /** The pod selector, as rendered. */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: MetricsPodMonitorProps) {
    super(scope, id);
    const path = props.path ?? '/metrics';
    const interval = props.interval ?? '30s';
    if (Object.keys(props.podLabels).length === 0) {
      throw new Error(`MetricsPodMonitor ${props.namespace}/${props.name}: podLabels is empty, which selects every pod of the namespace; give the labels of the pods to scrape`);
    }
    if (!Number.isInteger(props.port) || props.port < 1 || props.port > 65535) {
      throw new Error(`MetricsPodMonitor ${props.namespace}/${props.name}: port ${props.port} is not a port number; use 1 to 65535`);
    }
    this.name = props.name;
    this.namespace = props.namespace;
    this.job = `${props.namespace}/${props.name}`;
    this.podLabels = Object.fromEntries(Object.entries(props.podLabels).sort(([a], [b]) => (a < b ? -1 : 1)));

    const endpoint: PodMonitorSpecPodMetricsEndpoints = props.sidecarMergedMetrics
      ? {
        // The relabelling of odh-model-controller's istio-proxies-monitor (SERVERLESS_METRICS.sources): the
        // sidecar container, at the port of the pod's `prometheus.io/port` annotation (set by the sidecar
        // injector to its merged-metrics port), IPv6 and IPv4.
        path: SERVERLESS_METRICS.path,
        interval,
        scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        relabelings: [
          { action: Action.KEEP, sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: SERVERLESS_METRICS.sidecarContainer },
          { action: Action.KEEP, sourceLabels: ['__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape'] },
          {
            action: Action.REPLACE,
            regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
            replacement: '[$2]:$1',
            sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
            targetLabel: '__address__',
          },
          {
            action: Action.REPLACE,
            regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
            replacement: '$2:$1',
            sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
            targetLabel: '__address__',
          },
        ],
      }
      : {
        // A number, not a port name: model runtimes declare their container port without a name. v0.73 marks
        // `targetPort` deprecated in favour of `port` (a name) but still honours it; `portNumber` came later.
        targetPort: PodMonitorSpecPodMetricsEndpointsTargetPort.fromNumber(props.port),
        path,
        interval,
        scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
      };

    new PodMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        selector: { matchLabels: { ...this.podLabels } },
        podMetricsEndpoints: [endpoint],
      },
    });
  }
}
