import { ApiObject } from 'cdk8s';
import { k8s } from '../k8s';
import { Construct } from 'constructs';

/** Properties for `GrafanaDashboard`. */
export interface GrafanaDashboardProps {
  /** Object name; also the dashboard's file name in the ConfigMap (`<name>.json`). */
  readonly name: string;
  /** Namespace of the object. */
  readonly namespace: string;
  /** The Grafana dashboard model (what "Export > JSON" gives), serialised with sorted keys. */
  readonly dashboard: Readonly<Record<string, unknown>>;
  /**
   * `configmap`: a ConfigMap with `<name>.json`, for the Grafana sidecar (label `grafana_dashboard`) or a
   * GrafanaDashboard's `configMapRef`. `grafana-operator`: a GrafanaDashboard (`grafana.integreatly.org/v1beta1`)
   * of the Grafana operator v5, rendered without a pinned schema.
   *
   * @default "configmap"
   */
  readonly form?: 'configmap' | 'grafana-operator';
  /**
   * Labels of the ConfigMap.
   *
   * @default { grafana_dashboard: "1" }
   */
  readonly configMapLabels?: Readonly<Record<string, string>>;
  /**
   * Labels of the Grafana instances that import the GrafanaDashboard (`spec.instanceSelector.matchLabels`).
   *
   * @default { dashboards: "grafana" }
   */
  readonly instanceLabels?: Readonly<Record<string, string>>;
}

/** JSON with object keys sorted at every level, so that the rendered text depends on content only. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2);
}

/** A Grafana dashboard delivered as a ConfigMap (default) or as a Grafana operator GrafanaDashboard. */
export class GrafanaDashboard extends Construct {
  /** Object name. */
  public readonly name: string;
  /** Kind rendered: `ConfigMap` or `GrafanaDashboard`. */
  public readonly kind: 'ConfigMap' | 'GrafanaDashboard';
  /** Key of the dashboard JSON in the ConfigMap. */
  public readonly fileName: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    const form = props.form ?? 'configmap';
    const configMapLabels = props.configMapLabels ?? { grafana_dashboard: '1' };
    const instanceLabels = props.instanceLabels ?? { dashboards: 'grafana' };
    this.name = props.name;
    this.fileName = `${props.name}.json`;
    const json = stableJson(props.dashboard);

    if (form === 'configmap') {
      this.kind = 'ConfigMap';
      new k8s.KubeConfigMap(this, 'Resource', {
        metadata: { name: props.name, namespace: props.namespace, labels: { ...configMapLabels } },
        data: { [this.fileName]: json },
      });
    } else {
      if (Object.keys(instanceLabels).length === 0) {
        throw new Error(`GrafanaDashboard ${props.namespace}/${props.name}: instanceLabels is empty, so no Grafana would import it; give the labels of your Grafana resource, e.g. { dashboards: "grafana" }`);
      }
      this.kind = 'GrafanaDashboard';
      // No typed import: the Grafana operator's CRD is not among the pinned schemas (../shared/crds).
      new ApiObject(this, 'Resource', {
        apiVersion: 'grafana.integreatly.org/v1beta1',
        kind: 'GrafanaDashboard',
        metadata: { name: props.name, namespace: props.namespace },
        spec: { instanceSelector: { matchLabels: { ...instanceLabels } }, json },
      });
    }
  }
}
