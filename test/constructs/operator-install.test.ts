import { Testing } from 'cdk8s';
import { OperatorInstall } from '../../lib/constructs/operator-install';

const PROPS = {
  namespace: 'maas-keycloak',
  name: 'rhbk-operator',
  channel: 'stable-v26',
  source: 'redhat-operators',
  sourceNamespace: 'openshift-marketplace',
  installPlanApproval: 'Automatic',
} as const;

describe('OperatorInstall', () => {
  test('renders a Namespace, an OperatorGroup targeting it and a Subscription in it', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    const install = new OperatorInstall(chart, 'Operator', PROPS);

    // THEN
    expect(install.namespace).toBe('maas-keycloak');
    expect(Testing.synth(chart)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'maas-keycloak' } },
      {
        apiVersion: 'operators.coreos.com/v1',
        kind: 'OperatorGroup',
        metadata: { name: 'maas-keycloak', namespace: 'maas-keycloak' },
        spec: { targetNamespaces: ['maas-keycloak'] },
      },
      {
        apiVersion: 'operators.coreos.com/v1alpha1',
        kind: 'Subscription',
        metadata: { name: 'rhbk-operator', namespace: 'maas-keycloak' },
        spec: {
          name: 'rhbk-operator',
          channel: 'stable-v26',
          source: 'redhat-operators',
          sourceNamespace: 'openshift-marketplace',
          installPlanApproval: 'Automatic',
        },
      },
    ]);
  });

  test('pins the starting ClusterServiceVersion when given', () => {
    const chart = Testing.chart();
    new OperatorInstall(chart, 'Operator', { ...PROPS, installPlanApproval: 'Manual', startingCSV: 'rhbk-operator.v26.0.8-opr.1' });
    const subscription = Testing.synth(chart).find((o) => o.kind === 'Subscription');
    expect(subscription.spec).toMatchObject({ installPlanApproval: 'Manual', startingCSV: 'rhbk-operator.v26.0.8-opr.1' });
  });
});
