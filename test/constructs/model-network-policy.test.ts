import { Testing } from 'cdk8s';
import { ModelNetworkPolicy, type ModelNetworkPolicyProps } from '../../lib/constructs/model-network-policy';

function render(props: Partial<ModelNetworkPolicyProps> = {}) {
  const chart = Testing.chart();
  const policy = new ModelNetworkPolicy(chart, 'Policy', { namespace: 'models', gatewayNamespace: 'maas-3scale', ...props });
  const [object] = Testing.synth(chart);
  return { policy, object, from: object.spec.ingress[0].from };
}

const GATEWAY = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'maas-3scale' } } };
const MONITORING = { namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'monitoring' } } };
const ROUTER = { namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } };

describe('ModelNetworkPolicy defaults', () => {
  test('GIVEN only the namespaces WHEN rendered THEN every pod admits only the gateway and monitoring', () => {
    const { object, from, policy } = render();
    expect(policy.name).toBe('allow-gateway-to-models');
    expect(object.metadata).toEqual({ name: 'allow-gateway-to-models', namespace: 'models' });
    expect(object.spec.podSelector).toEqual({});
    expect(object.spec.policyTypes).toEqual(['Ingress']);
    expect(object.spec.ingress).toHaveLength(1);
    expect(from).toEqual([GATEWAY, MONITORING]);
  });
});

describe('ModelNetworkPolicy', () => {
  test('GIVEN allowRouter WHEN rendered THEN the OpenShift router is admitted too', () => {
    expect(render({ allowRouter: true }).from).toEqual([GATEWAY, MONITORING, ROUTER]);
  });

  test('GIVEN allowKnative WHEN rendered THEN the Knative activator and mesh gateways are admitted too', () => {
    expect(render({ allowKnative: true }).from).toEqual([
      GATEWAY,
      MONITORING,
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'knative-serving' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } },
    ]);
  });

  test('GIVEN allowSameNamespace WHEN rendered THEN pods of the namespace are admitted too', () => {
    expect(render({ allowSameNamespace: true }).from).toEqual([GATEWAY, MONITORING, { podSelector: {} }]);
  });
});
