import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/** Properties for `ModelNetworkPolicy`. */
export interface ModelNetworkPolicyProps {
  /** The model namespace to isolate. */
  readonly namespace: string;
  /** Namespace of the API gateway (APIcast): the one client allowed to call the models. */
  readonly gatewayNamespace: string;
  /**
   * Admit the OpenShift router (namespaces labelled `network.openshift.io/policy-group: ingress`), for Routes.
   *
   * @default false
   */
  readonly allowRouter?: boolean;
  /**
   * Admit the Knative data path (activator in `knative-serving`, mesh gateways in `istio-system`), without
   * which Serverless predictors receive no requests.
   *
   * @default false
   */
  readonly allowKnative?: boolean;
  /**
   * Admit pods of the same namespace: ModelMesh pods forward requests to the pod that has the model loaded.
   *
   * @default false
   */
  readonly allowSameNamespace?: boolean;
  /**
   * Object name.
   *
   * @default "allow-gateway-to-models"
   */
  readonly name?: string;
}

/**
 * Ingress isolation of a model namespace: every pod in it accepts connections only from the gateway's
 * namespace and from cluster monitoring (plus, when asked, the router, the Knative data path and the
 * namespace itself); everything else is denied.
 */
export class ModelNetworkPolicy extends Construct {
  /** NetworkPolicy name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ModelNetworkPolicyProps) {
    super(scope, id);
    const allowRouter = props.allowRouter ?? false;
    const allowKnative = props.allowKnative ?? false;
    const allowSameNamespace = props.allowSameNamespace ?? false;
    this.name = props.name ?? 'allow-gateway-to-models';

    const byName = (namespace: string): k8s.NetworkPolicyPeer => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    });
    const byPolicyGroup = (group: string): k8s.NetworkPolicyPeer => ({
      namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': group } },
    });
    const from: k8s.NetworkPolicyPeer[] = [byName(props.gatewayNamespace), byPolicyGroup('monitoring')];
    if (allowRouter) from.push(byPolicyGroup('ingress'));
    if (allowKnative) from.push(byName('knative-serving'), byName('istio-system'));
    if (allowSameNamespace) from.push({ podSelector: {} });

    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace },
      spec: {
        // Every pod of the namespace: a model namespace holds predictors and nothing that others may call.
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from }],
      },
    });
  }
}
