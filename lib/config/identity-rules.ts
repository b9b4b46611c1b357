import type { Rule } from './rules';
import { show } from './show';

/**
 * Why a redirect URI or web origin is acceptable only in dev, or undefined when it is fine everywhere.
 * `+` (a web origin meaning "the origins of the redirect URIs") is fine.
 */
export function devOnlyReason(value: string): string | undefined {
  if (value.includes('*')) return 'a wildcard lets any matching site receive tokens; list exact https URLs';
  if (/^http:\/\//i.test(value)) return 'tokens would travel unencrypted; use https://';
  let host = '';
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]') {
    return "localhost is a developer's machine; use the application's public https URL";
  }
  return undefined;
}

/**
 * Declaring client scopes makes Keycloak create none of its built-in ones when it creates the realm
 * (keycloak/keycloak services/src/main/java/org/keycloak/services/managers/RealmManager.java@0bdda8081a39,
 * `importRealm`: `createDefaultClientScopes` only when `rep.getClientScopes() == null`), and without the
 * `basic` scope tokens carry no `sub`, which APIcast requires of every token
 * (3scale/APIcast gateway/src/apicast/oauth/oidc.lua@3scale-2.15.1-GA, `jwt_claims.sub`).
 */
const realmKeepsBuiltInScopes: Rule = (env, report) => {
  const { clientScopes } = env.identity.realm;
  if (clientScopes.length === 0) return;
  report(['identity', 'realm', 'clientScopes'], clientScopes.map((s) => s.name),
    'makes Keycloak skip its built-in client scopes (basic, profile, email, roles, web-origins, acr) when it creates the realm, ' +
    'so tokens lose "sub", which the gateway requires; remove clientScopes');
};

/** The legacy KeycloakRealm (`keycloak.org/v1alpha1`) has no groups and no session lifespans. */
const rhssoRealmHasNoRhbkOnlyFields: Rule = (env, report) => {
  const { identity } = env;
  if (identity.generation !== 'rhsso') return;
  const unsupported = (field: string) =>
    `is not supported by the RH-SSO operator (its KeycloakRealm has no ${field} field); remove it or use generation "rhbk"`;
  if (identity.realm.groups.length > 0) report(['identity', 'realm', 'groups'], identity.realm.groups, unsupported('groups'));
  for (const field of ['ssoSessionIdleTimeout', 'ssoSessionMaxLifespan'] as const) {
    if (identity.realm[field] !== undefined) report(['identity', 'realm', field], identity.realm[field], unsupported(field));
  }
};

/** Roles and groups are referenced by name; each name must be declared in the realm. */
const identityReferencesAreDeclared: Rule = (env, report) => {
  const { realm } = env.identity;
  const check = (kind: string, declaredAt: string, declared: readonly string[]) =>
    (path: ReadonlyArray<string | number>, names: readonly string[]) => {
      names.forEach((name, index) => {
        if (declared.includes(name)) return;
        const known = declared.length === 0 ? 'none declared' : `declared: ${declared.map((d) => show(d)).join(', ')}`;
        report([...path, index], name, `${show(name)} is not a ${kind} of the realm; declare it under ${declaredAt} (${known})`);
      });
    };
  const role = check('role', 'identity.realm.roles', realm.roles.map((r) => r.name));
  const group = check('group', 'identity.realm.groups', realm.groups.map((g) => g.name));
  realm.groups.forEach((g, i) => role(['identity', 'realm', 'groups', i, 'realmRoles'], g.realmRoles));
  realm.users.forEach((u, i) => {
    role(['identity', 'realm', 'users', i, 'realmRoles'], u.realmRoles);
    group(['identity', 'realm', 'users', i, 'groups'], u.groups);
  });
};

/** Realm role, group, client scope and user names are unique: Keycloak would reject the realm. */
const identityNamesAreUnique: Rule = (env, report) => {
  const { realm } = env.identity;
  const lists = [
    ['roles', realm.roles.map((r) => r.name)],
    ['groups', realm.groups.map((g) => g.name)],
    ['clientScopes', realm.clientScopes.map((s) => s.name)],
    ['users', realm.users.map((u) => u.username)],
  ] as const;
  for (const [field, names] of lists) {
    names.forEach((name, index) => {
      const first = names.indexOf(name);
      if (first !== index) {
        report(['identity', 'realm', field, index], name,
          `${show(name)} is already declared at identity.realm.${field}[${first}]; names must be unique in a realm`);
      }
    });
  }
};

/** Where Keycloak is, said once: an external URL, or a rendered instance with its host name. */
const keycloakLocationIsConsistent: Rule = (env, report) => {
  const { identity } = env;
  if (identity.hostname === undefined) return;
  if (identity.keycloak.externalUrl !== undefined) {
    report(['identity', 'hostname'], identity.hostname,
      'cannot be set together with identity.keycloak.externalUrl, which already says where Keycloak is; remove one of them');
  } else if (identity.generation === 'rhsso') {
    report(['identity', 'hostname'], identity.hostname,
      'is not supported with generation "rhsso": the RH-SSO operator names its Route itself ' +
      '(keycloak-<namespace>.<cluster.appsDomain>); remove identity.hostname');
  }
};

/**
 * Every RHBK instance rendered here has a real database. The operator imports a realm with a Job built from
 * Keycloak's pod template (`kc.sh import`); without `spec.db` that Job writes to its own dev-file database,
 * thrown away with its pod, and the realm never reaches the server
 * (keycloak/keycloak KeycloakRealmImportJobDependentResource.java@0429ece8). The realm import is always
 * rendered with an RHBK instance, so the instance needs `database`, or, in dev, `postgres`.
 */
const rhbkInstanceHasDatabase: Rule = (env, report) => {
  const { identity } = env;
  if (identity.generation !== 'rhbk' || identity.keycloak.externalUrl !== undefined) return;
  const { database, postgres } = identity.keycloak;
  if (database === undefined && postgres === undefined) {
    report(['identity', 'keycloak', 'database'], undefined,
      'is required: the realm is imported by a Job that writes to Keycloak\'s database, so without one the realm never exists; ' +
      `set host and credentialsSecret of an existing PostgreSQL${env.stage === 'dev' ? ', or write "postgres: {}" under identity.keycloak to render a small one' : ''}`);
  }
  if (database !== undefined && postgres !== undefined) {
    report(['identity', 'keycloak', 'postgres'], postgres,
      'cannot be set together with identity.keycloak.database, which already says where the database is; remove one of them');
  }
  if (postgres !== undefined && env.stage !== 'dev') {
    report(['identity', 'keycloak', 'postgres'], postgres,
      `is allowed only when stage is "dev" (stage is ${show(env.stage)}): one pod without backups; set identity.keycloak.database to a managed PostgreSQL`);
  }
};

/**
 * The RHBK minor version whose CR schemas `imports/` and the validator use: keycloak/keycloak-k8s-resources
 * tag 26.0.0, the commit `cdk8s.yaml` pins (`RHBK_SCHEMA_COMMIT`).
 */
export const RHBK_SCHEMA_MINOR = '26.0';
/** keycloak/keycloak-k8s-resources commit of tag 26.0.0, pinned in `cdk8s.yaml` (../shared/crds/SOURCES.md). */
export const RHBK_SCHEMA_COMMIT = '81567cb67132167dcb5516200a5eb9becf6388aa';

/**
 * The RHBK operator follows its channel: `stable-v26` installs every 26.x as it is released, whose CRDs may
 * change what the rendered, 26.0-validated objects mean. The channel is pinned to the schemas' minor version
 * (`stable-v26.0`); moving to a newer minor means moving the schemas (`cdk8s.yaml`, `npm run import`) and
 * `RHBK_SCHEMA_MINOR` together.
 */
const rhbkChannelMatchesSchemas: Rule = (env, report) => {
  const { operator } = env.identity;
  if (env.identity.generation !== 'rhbk') return;
  const expected = `stable-v${RHBK_SCHEMA_MINOR}`;
  if (operator.channel !== expected) {
    report(['identity', 'operator', 'channel'], operator.channel,
      `${show(operator.channel)} does not match the Keycloak schemas this project renders against (${RHBK_SCHEMA_MINOR}, cdk8s.yaml); ` +
      `use ${show(expected)}, or move the schemas and RHBK_SCHEMA_MINOR (lib/config/identity-rules.ts) to the new version together`);
  }
};

/** Instance settings apply only to an instance rendered here, and TLS and database settings only to RHBK. */
const keycloakSettingsApply: Rule = (env, report) => {
  const { identity } = env;
  const { keycloak } = identity;
  for (const field of ['instances', 'tlsSecret', 'database', 'postgres'] as const) {
    if (keycloak[field] === undefined) continue;
    if (keycloak.externalUrl !== undefined) {
      report(['identity', 'keycloak', field], keycloak[field],
        'has no effect with identity.keycloak.externalUrl: no Keycloak instance is rendered; remove it');
    } else if (field !== 'instances' && identity.generation === 'rhsso') {
      report(['identity', 'keycloak', field], keycloak[field],
        'is not supported with generation "rhsso": the RH-SSO operator deploys its own PostgreSQL and TLS; remove it');
    }
  }
};

/** The identity section's rules, in the order their problems are reported. */
export const IDENTITY_RULES: readonly Rule[] = [
  realmKeepsBuiltInScopes,
  rhssoRealmHasNoRhbkOnlyFields,
  identityReferencesAreDeclared,
  identityNamesAreUnique,
  keycloakLocationIsConsistent,
  rhbkInstanceHasDatabase,
  rhbkChannelMatchesSchemas,
  keycloakSettingsApply,
];
