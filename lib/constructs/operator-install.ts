import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { OperatorGroup } from '../../imports/olm-operatorgroup-operators.coreos.com';
import { Subscription } from '../../imports/olm-subscription-operators.coreos.com';

/** Properties for `OperatorInstall`. */
export interface OperatorInstallProps {
  /** Namespace the operator runs in and watches; created here. */
  readonly namespace: string;
  /** Package name in the catalog; also names the Subscription. */
  readonly name: string;
  /** Update channel. */
  readonly channel: string;
  /** Catalog source. */
  readonly source: string;
  /** Namespace of the catalog source. */
  readonly sourceNamespace: string;
  /** `Manual` waits for a person to approve each InstallPlan. */
  readonly installPlanApproval: 'Automatic' | 'Manual';
  /**
   * The ClusterServiceVersion to install first.
   *
   * @default - the channel's head
   */
  readonly startingCSV?: string;
}

/**
 * An operator installed through OLM into a namespace of its own: Namespace, OperatorGroup targeting that
 * namespace, Subscription.
 */
export class OperatorInstall extends Construct {
  /** Namespace the operator watches; its custom resources go here. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: OperatorInstallProps) {
    super(scope, id);
    this.namespace = props.namespace;

    new k8s.KubeNamespace(this, 'Namespace', { metadata: { name: props.namespace } });
    new OperatorGroup(this, 'OperatorGroup', {
      metadata: { name: props.namespace, namespace: props.namespace },
      spec: { targetNamespaces: [props.namespace] },
    });
    new Subscription(this, 'Subscription', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        name: props.name,
        channel: props.channel,
        source: props.source,
        sourceNamespace: props.sourceNamespace,
        installPlanApproval: props.installPlanApproval,
        startingCsv: props.startingCSV,
      },
    });
  }
}
