import { Testing } from 'cdk8s';
import { ModelNetworkPolicy, type ModelNetworkPolicyProps } from '../../lib/constructs/model-network-policy';

function render(props: Partial<ModelNetworkPolicyProps> = {}) {
  const chart = Testing.chart();
  const policy = new ModelNetworkPolicy(chart, 'Policy', { namespace: 'models', gatewayNamespace: 'maas-3scale', ...props });
  const objects = Testing.synth(chart);
  const object = objects[0];
  return { policy, object, objects, from: object.spec.ingress[0].from };
}

const GATEWAY = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'maas-3scale' } } };
const MONITORING = { namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'monitoring' } } };
const GATE_LABELS = { 'app.kubernetes.io/component': 'token-gate' };
const ROUTER = { namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } };

describe('ModelNetworkPolicy defaults', () => {
  test('GIVEN only the namespaces WHEN rendered THEN every pod admits only the gateway and monitoring', () => {
    const { object, objects, from, policy } = render();
    expect(objects).toHaveLength(1);
    expect(policy.name).toBe('allow-gateway-to-models');
    expect(policy.routerPolicyName).toBeUndefined();
    expect(object.metadata).toEqual({ name: 'allow-gateway-to-models', namespace: 'models' });
    expect(object.spec.podSelector).toEqual({});
    expect(object.spec.policyTypes).toEqual(['Ingress']);
    expect(object.spec.ingress).toHaveLength(1);
    expect(from).toEqual([GATEWAY, MONITORING]);
  });
});

describe('ModelNetworkPolicy', () => {
  test('GIVEN token gates WHEN rendered THEN the gates may call every pod', () => {
    expect(render({ tokenGatePodLabels: GATE_LABELS }).from).toEqual([GATEWAY, MONITORING, { podSelector: { matchLabels: GATE_LABELS } }]);
  });

  test('GIVEN token gates WHEN rendered THEN a second policy admits the router to the gates only', () => {
    const { objects, policy } = render({ tokenGatePodLabels: GATE_LABELS });
    expect(policy.routerPolicyName).toBe('allow-router-to-token-gates');
    expect(objects[1]).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-router-to-token-gates', namespace: 'models' },
      spec: { podSelector: { matchLabels: GATE_LABELS }, policyTypes: ['Ingress'], ingress: [{ from: [ROUTER] }] },
    });
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
