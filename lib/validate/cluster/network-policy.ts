/**
 * NetworkPolicy ingress evaluation with Kubernetes semantics (kubernetes/api networking/v1/types.go@v0.28.0):
 * a pod is isolated for ingress when some policy of its namespace selects it with policy type Ingress (the
 * default when `policyTypes` is absent); then a connection is admitted when any rule of any selecting policy
 * admits it: a rule admits sources matching any of its peers (none: every source) on any of its ports (none:
 * every port). Policies only add. `ipBlock` peers are not modelled (they never match a pod here).
 */

/** A label selector: `matchLabels` and `matchExpressions`. */
interface Selector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: string[] }[];
}

/** A policy as the evaluation needs it, with where it came from. */
export interface Policy {
  readonly name: string;
  readonly namespace: string;
  readonly spec: Record<string, unknown>;
  /** `rendered` or `created by <controller>`. */
  readonly origin: string;
}

/** One end of a connection: a pod by its labels in a namespace with its labels. */
export interface Endpoint {
  readonly namespace: string;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
}

export function selects(selector: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

interface Peer { readonly podSelector?: Selector; readonly namespaceSelector?: Selector; readonly ipBlock?: unknown }
interface Rule { readonly from?: readonly Peer[]; readonly ports?: readonly { port?: number | string; endPort?: number; protocol?: string }[] }

function peerMatches(peer: Peer, policyNamespace: string, source: Endpoint): boolean {
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, source.namespaceLabels) : source.namespace === policyNamespace;
  const podOk = peer.podSelector ? selects(peer.podSelector, source.podLabels) : true;
  return namespaceOk && podOk;
}

function portMatches(rule: Rule, port: { number: number; name?: string }): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  return rule.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || p.port === port.number || (typeof p.port === 'string' && p.port === port.name) ||
    (typeof p.port === 'number' && p.endPort !== undefined && port.number >= p.port && port.number <= p.endPort)));
}

/** Whether `source` may connect to `target` on `port`, and which policies admit it. */
export function admits(policies: readonly Policy[], target: Endpoint, port: { number: number; name?: string }, source: Endpoint):
  { admitted: boolean; isolated: boolean; by: string[] } {
  const selecting = policies.filter((p) => p.namespace === target.namespace && selects(p.spec.podSelector as Selector ?? {}, target.podLabels) &&
    ((p.spec.policyTypes as string[] | undefined) ?? ['Ingress']).includes('Ingress'));
  if (selecting.length === 0) return { admitted: true, isolated: false, by: [] };
  const by = selecting.filter((p) => ((p.spec.ingress ?? []) as Rule[]).some((rule) =>
    portMatches(rule, port) && (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, p.namespace, source)))));
  return { admitted: by.length > 0, isolated: true, by: by.map((p) => (p.origin === 'rendered' ? p.name : `${p.name} (${p.origin})`)) };
}
