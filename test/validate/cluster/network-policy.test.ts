// Kubernetes NetworkPolicy semantics (kubernetes/api networking/v1/types.go@v0.28.0).
import { admits, type Endpoint, type Policy } from '../../../lib/validate/cluster/network-policy';

const model: Endpoint = { namespace: 'models', namespaceLabels: { 'kubernetes.io/metadata.name': 'models' }, podLabels: { app: 'model' } };
const gateway: Endpoint = { namespace: 'gw', namespaceLabels: { 'kubernetes.io/metadata.name': 'gw', team: 'a' }, podLabels: { app: 'apicast' } };
const policy = (name: string, spec: Record<string, unknown>): Policy => ({ name, namespace: 'models', spec, origin: 'rendered' });

test('no policy selecting the pod: not isolated, everything admitted', () => {
  expect(admits([policy('other', { podSelector: { matchLabels: { app: 'x' } }, ingress: [] })], model, { number: 8080 }, gateway))
    .toEqual({ admitted: true, isolated: false, by: [] });
});

test('an Egress-only policy does not isolate for ingress; absent policyTypes means Ingress', () => {
  expect(admits([policy('egress', { podSelector: {}, policyTypes: ['Egress'] })], model, { number: 8080 }, gateway).isolated).toBe(false);
  expect(admits([policy('deny', { podSelector: {} })], model, { number: 8080 }, gateway)).toEqual({ admitted: false, isolated: true, by: [] });
});

test('namespace and pod selectors in one peer must both match; in two peers either', () => {
  const both = policy('both', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'other' } } }] }] });
  expect(admits([both], model, { number: 8080 }, gateway).admitted).toBe(false);
  const either = policy('either', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }, { podSelector: { matchLabels: { app: 'other' } } }] }] });
  expect(admits([either], model, { number: 8080 }, gateway)).toEqual({ admitted: true, isolated: true, by: ['either'] });
});

test('a pod selector alone selects pods of the policy namespace only', () => {
  const sameNamespace = policy('same', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
  expect(admits([sameNamespace], model, { number: 8080 }, gateway).admitted).toBe(false);
  expect(admits([sameNamespace], model, { number: 8080 }, { ...model, podLabels: { app: 'gate' } }).admitted).toBe(true);
});

test('ports: by number, by range, by name; matchExpressions; policies add up', () => {
  const ports = policy('ports', { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8010 }, { port: 'http' }] }] });
  expect(admits([ports], model, { number: 8005 }, gateway).admitted).toBe(true);
  expect(admits([ports], model, { number: 8080 }, gateway).admitted).toBe(false);
  expect(admits([ports], model, { number: 8080, name: 'http' }, gateway).admitted).toBe(true);
  const expressions = policy('expr', { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['model'] }] }, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }] }] });
  expect(admits([ports, expressions], model, { number: 8080 }, gateway)).toEqual({ admitted: true, isolated: true, by: ['expr'] });
});

test('ipBlock peers are not modelled and never match a pod', () => {
  expect(admits([policy('ip', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })], model, { number: 8080 }, gateway).admitted).toBe(false);
});
