import { countChanges, type Change, type EnvironmentDiff } from './compare';
import { groupOf, type KubeObject } from './content';

/** A change a reviewer must look at twice. */
export interface RiskFlag {
  readonly environment: string;
  /** What and why, e.g. `Namespace maas-models removed: Argo CD deletes everything in it`. */
  readonly message: string;
}

/** One rule: the flags it raises for one change of an environment. */
type Rule = (change: Change) => string[];

const THREESCALE = 'capabilities.3scale.net';
const KEYCLOAK_LEGACY = 'keycloak.org';
const KEYCLOAK = 'k8s.keycloak.org';

/** Kinds whose deletion loses data outside Git, by `group kind` (the core group empty), with the reason. */
export const DATA_LOSS: Readonly<Record<string, string>> = {
  [' Namespace']: 'Argo CD deletes everything in it',
  [`${THREESCALE} Product`]: "data loss in 3scale: the product's plans, metrics and applications",
  [`${KEYCLOAK_LEGACY} KeycloakRealm`]: "data loss in Keycloak: the realm's users, credentials and sessions",
  [`${KEYCLOAK} KeycloakRealmImport`]: "data loss in Keycloak: the realm's users, credentials and sessions",
  [`${KEYCLOAK_LEGACY} KeycloakClient`]: 'data loss in Keycloak: the client and its secret; applications using it get no tokens',
  // The operator deletes these in 3scale (finalizers); zync then deletes the applications' Keycloak clients.
  [`${THREESCALE} DeveloperAccount`]: "data loss in 3scale: the consumer's account, users and applications; their Keycloak clients are deleted and get no tokens",
  [`${THREESCALE} DeveloperUser`]: "data loss in 3scale: the consumer's user and its developer portal login",
  [`${THREESCALE} Application`]: "data loss in 3scale: the consumer's application and its credentials; its Keycloak client is deleted and gets no tokens",
};
const CLIENT_LOSS = 'data loss in Keycloak: the client and its secret; applications using it get no tokens';
const REALM_KINDS = [`${KEYCLOAK_LEGACY} KeycloakRealm`, `${KEYCLOAK} KeycloakRealmImport`];

/**
 * The risk rules, in the order their flags are listed. Each looks at one change; `prodChanged` looks at the
 * environment as a whole.
 */
const RULES: readonly Rule[] = [deletionLosesData, realmClientRemoved, promotion, planLimitRaised, redirectsWidened];

/** Every risk flag of a comparison: one per object and reason, environments in the order given. */
export function riskFlags(environments: readonly EnvironmentDiff[]): RiskFlag[] {
  return environments.flatMap((env) => [
    ...prodChanged(env),
    ...groupPromotions(env.changes.flatMap((change) => RULES.flatMap((rule) => rule(change)))).map((message) => ({ environment: env.name, message })),
  ]);
}

const PROMOTES = /^ProxyConfigPromote \S+ (added|changed): promotes product ("[^"]*") to the (\w+) APIcast$/;

/**
 * One change to the gateway's configuration adds or changes the promotion of every Product: one line per
 * kind of change and target, naming the products, instead of one per model.
 */
function groupPromotions(messages: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const message of messages) {
    const match = PROMOTES.exec(message);
    if (match) groups.set(`${match[1]} ${match[3]}`, [...(groups.get(`${match[1]} ${match[3]}`) ?? []), match[2]]);
  }
  const out: string[] = [];
  const done = new Set<string>();
  for (const message of messages) {
    const match = PROMOTES.exec(message);
    if (!match) {
      out.push(message);
      continue;
    }
    const key = `${match[1]} ${match[3]}`;
    const products = groups.get(key) ?? [];
    if (products.length === 1) out.push(message);
    else if (!done.has(key)) out.push(`${products.length} ProxyConfigPromotes ${match[1]}: promote products ${products.join(', ')} to the ${match[3]} APIcast`);
    done.add(key);
  }
  return out;
}

function prodChanged(env: EnvironmentDiff): RiskFlag[] {
  if (env.stage !== 'prod' || env.status === 'unchanged') return [];
  return [{ environment: env.name, message: `stage prod: ${countChanges(env.changes)} in production` }];
}

function deletionLosesData(change: Change): string[] {
  const why = change.type === 'removed' && change.before ? DATA_LOSS[kindOf(change.before)] : undefined;
  return why ? [`${change.subject} removed: ${why}`] : [];
}

function realmClientRemoved(change: Change): string[] {
  if (change.type !== 'changed' || !REALM_KINDS.includes(kindOf(change.after))) return [];
  const remaining = new Set(realmClients(change.after).map((c) => c.clientId));
  return realmClients(change.before)
    .filter((c) => !remaining.has(c.clientId))
    .map((c) => `${change.subject}: client ${quote(c.clientId)} removed: ${CLIENT_LOSS}`);
}

function promotion(change: Change): string[] {
  const object = change.after;
  if (change.type === 'removed' || kindOf(object) !== `${THREESCALE} ProxyConfigPromote`) return [];
  const spec = record(object?.spec);
  const target = spec.production === true ? 'production' : 'staging';
  return [`${change.subject} ${change.type}: promotes product ${quote(String(spec.productCRName))} to the ${target} APIcast`];
}

function planLimitRaised(change: Change): string[] {
  if (change.type !== 'changed' || kindOf(change.after) !== `${THREESCALE} Product`) return [];
  const plansBefore = record(record(change.before?.spec).applicationPlans);
  const plansAfter = record(record(change.after?.spec).applicationPlans);
  return Object.keys(plansBefore)
    .filter((plan) => plan in plansAfter)
    .flatMap((plan) => {
      const after = planLimits(plansAfter[plan]);
      return [...planLimits(plansBefore[plan])].flatMap(([limit, was]) => {
        const now = after.get(limit);
        if (now === undefined) return [`${change.subject}: plan ${quote(plan)}: limit on ${limit} removed (was ${was})`];
        return now > was ? [`${change.subject}: plan ${quote(plan)}: limit on ${limit} raised from ${was} to ${now}`] : [];
      });
    });
}

/** A plan's limits: `hits per minute` (`hits of backend b per minute` when the metric is a backend's) -> value. */
function planLimits(plan: unknown): Map<string, number> {
  const limits = Array.isArray(record(plan).limits) ? (record(plan).limits as unknown[]) : [];
  return new Map(
    limits.map((l) => {
      const ref = record(record(l).metricMethodRef);
      const metric = ref.backend === undefined ? String(ref.systemName) : `${String(ref.systemName)} of backend ${String(ref.backend)}`;
      return [`${metric} per ${String(record(l).period)}`, Number(record(l).value)];
    }),
  );
}

/**
 * New redirect URIs and web origins: every new entry of a client that existed, and the risky entries
 * (wildcard, plain http, localhost) of a new client, whose entries a reviewer reads in full anyway.
 */
function redirectsWidened(change: Change): string[] {
  if (change.type === 'removed') return [];
  const kind = kindOf(change.after);
  if (kind === `${KEYCLOAK_LEGACY} KeycloakClient`) {
    const before = change.before ? record(record(change.before.spec).client) : undefined;
    return newEntries(change.subject, before, record(record(change.after?.spec).client));
  }
  if (!REALM_KINDS.includes(kind)) return [];
  const clientsBefore = new Map(realmClients(change.before).map((c) => [c.clientId, c]));
  return realmClients(change.after).flatMap((client) =>
    newEntries(`${change.subject}: client ${quote(client.clientId)}`, change.before ? clientsBefore.get(client.clientId) : undefined, client),
  );
}

function newEntries(subject: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): string[] {
  return (['redirectUris', 'webOrigins'] as const).flatMap((field) => {
    const known = new Set(strings(before?.[field]));
    const label = field === 'redirectUris' ? 'redirect URI' : 'web origin';
    return strings(after[field])
      .filter((entry) => !known.has(entry))
      .map((entry) => ({ entry, risks: entryRisks(entry) }))
      .filter(({ risks }) => before !== undefined || risks.length > 0)
      .map(({ entry, risks }) => `${subject}: ${label} ${quote(entry)} added${risks.length > 0 ? ` (${risks.join(', ')})` : ''}`);
  });
}

/** Why a redirect URI or web origin is wide: it matches any path or host, travels in clear, or is a developer's machine. */
export function entryRisks(entry: string): string[] {
  return [
    entry.includes('*') ? 'wildcard' : '',
    /^http:\/\//i.test(entry) ? 'plain http' : '',
    /^([a-z]+:\/\/)?(localhost|127(\.\d+){3}|\[::1\])([:/]|$)/i.test(entry) ? 'localhost' : '',
  ].filter((risk) => risk !== '');
}

/** `spec.realm.clients` of a realm, each with its `clientId`. */
function realmClients(object: KubeObject | undefined): Array<Record<string, unknown> & { clientId: string }> {
  const clients = record(record(object?.spec).realm).clients;
  return (Array.isArray(clients) ? clients : []).map((c) => ({ ...record(c), clientId: String(record(c).clientId) }));
}

function kindOf(object: KubeObject | undefined): string {
  return object ? `${groupOf(object)} ${object.kind}` : '';
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function quote(text: string): string {
  return JSON.stringify(text);
}
