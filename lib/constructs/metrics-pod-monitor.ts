import { Construct } from 'constructs';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpointsScheme,
  PodMonitorSpecPodMetricsEndpointsTargetPort,
} from '../../imports/monitoring-podmonitor-monitoring.coreos.com';

/** Properties for `MetricsPodMonitor`. */
export interface MetricsPodMonitorProps {
  /** PodMonitor name; with the namespace it makes the `job` label of every scraped series. */
  readonly name: string;
  /** Namespace of the PodMonitor and of the pods (user-workload monitoring scrapes a monitor's own namespace only). */
  readonly namespace: string;
  /** Labels the pods carry (`matchLabels`); at least one. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Container port that serves the metrics. */
  readonly port: number;
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

    new PodMonitor(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        selector: { matchLabels: { ...this.podLabels } },
        podMetricsEndpoints: [
          {
            // A number, not a port name: model runtimes declare their container port without a name. v0.73 marks
            // `targetPort` deprecated in favour of `port` (a name) but still honours it; `portNumber` came later.
            targetPort: PodMonitorSpecPodMetricsEndpointsTargetPort.fromNumber(props.port),
            path,
            interval,
            scheme: PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
          },
        ],
      },
    });
  }
}
