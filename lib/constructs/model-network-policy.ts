import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { MODELMESH_GRPC_PORT } from '../upstream/serving';

/** Properties for `ModelNetworkPolicy`. */
export interface ModelNetworkPolicyProps {
  /** The model namespace to isolate. */
  readonly namespace: string;
  /** Namespace of the API gateway (APIcast): the one client allowed to call the models. */
  readonly gatewayNamespace: string;
  /**
   * Labels of the token gates' pods (see `TokenGate`), when the namespace has routed models: a second
   * NetworkPolicy admits the OpenShift router (namespaces labelled `network.openshift.io/policy-group: ingress`)
   * to these pods only, and the gates may call the predictors.
   *
   * @default - no routed models: the router is not admitted
   */
  readonly tokenGatePodLabels?: Readonly<Record<string, string>>;
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
   * Namespace of the ModelMesh controller (OpenShift AI's applications namespace), admitted on ModelMesh's gRPC
   * port 8033, which it calls to register models (kserve/modelmesh-serving `networkpolicy-runtimes.yaml`).
   *
   * @default - not admitted: no ModelMesh models in the namespace
   */
  readonly modelMeshControllerNamespace?: string;
}

/**
 * Ingress isolation of a model namespace: every pod in it accepts connections only from the gateway's
 * namespace and from cluster monitoring (plus, when asked, the token gates, the Knative data path and the
 * namespace itself); the router reaches the token gates only; everything else is denied.
 */
export class ModelNetworkPolicy extends Construct {
  /** Name of the NetworkPolicy that selects every pod of the namespace. */
  public readonly name = 'allow-gateway-to-models';
  /** Name of the NetworkPolicy that admits the router to the token gates, when there are any. */
  public readonly routerPolicyName?: string;

  constructor(scope: Construct, id: string, props: ModelNetworkPolicyProps) {
    super(scope, id);
    const allowKnative = props.allowKnative ?? false;
    const allowSameNamespace = props.allowSameNamespace ?? false;

    const byName = (namespace: string): k8s.NetworkPolicyPeer => ({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
    });
    const byPolicyGroup = (group: string): k8s.NetworkPolicyPeer => ({
      namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': group } },
    });
    const from: k8s.NetworkPolicyPeer[] = [byName(props.gatewayNamespace), byPolicyGroup('monitoring')];
    if (props.tokenGatePodLabels) from.push({ podSelector: { matchLabels: { ...props.tokenGatePodLabels } } });
    if (allowKnative) from.push(byName('knative-serving'), byName('istio-system'));
    if (allowSameNamespace) from.push({ podSelector: {} });

    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: this.name, namespace: props.namespace },
      spec: {
        // Every pod of the namespace: a model namespace holds predictors and nothing that others may call.
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [
          { from },
          ...(props.modelMeshControllerNamespace === undefined
            ? []
            : [{ from: [byName(props.modelMeshControllerNamespace)], ports: [{ port: k8s.IntOrString.fromNumber(MODELMESH_GRPC_PORT), protocol: 'TCP' }] }]),
        ],
      },
    });

    if (props.tokenGatePodLabels) {
      this.routerPolicyName = 'allow-router-to-token-gates';
      new k8s.KubeNetworkPolicy(this, 'Router', {
        metadata: { name: this.routerPolicyName, namespace: props.namespace },
        spec: {
          podSelector: { matchLabels: { ...props.tokenGatePodLabels } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [byPolicyGroup('ingress')] }],
        },
      });
    }
  }
}
