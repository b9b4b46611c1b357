import { parseEnvironment, type Problem } from '../../lib/config/load';
import { DEV_POSTGRES_IMAGE } from '../../lib/config/identity';
import type { Environment } from '../../lib/config/schema';

/** A minimal valid environment file whose `identity` section is replaced by `identity` (YAML, 2-space indented). */
function envFile(stage: 'dev' | 'staging' | 'prod', identity: string): string {
  const pinned = stage === 'prod' ? '\n    installPlanApproval: Manual\n    startingCSV: op.v1' : '';
  return `stage: ${stage}
cluster:
  appsDomain: apps.example.com
gitops:
  repoURL: https://git.example.com/maas.git
identity:
${identity.replace(/^/gm, '  ').replace(/^\s+$/gm, '')}
gateway:
  operator:
    namespace: maas-3scale
    name: 3scale-operator
    channel: threescale-2.15${pinned}
`;
}

function operator(stage: 'dev' | 'staging' | 'prod'): string {
  const pinned = stage === 'prod' ? '\n  installPlanApproval: Manual\n  startingCSV: rhbk-operator.v26.0.5' : '';
  return `operator:\n  namespace: maas-keycloak\n  name: rhbk-operator\n  channel: stable-v26.0${pinned}`;
}

function load(stage: 'dev' | 'staging' | 'prod', identity: string): Environment {
  const result = parseEnvironment('test', envFile(stage, identity));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.environment;
}

function problems(stage: 'dev' | 'staging' | 'prod', identity: string): Problem[] {
  const result = parseEnvironment('test', envFile(stage, identity));
  if (result.ok) throw new Error('expected problems, the file loaded');
  return [...result.problems];
}

const database = 'keycloak:\n  database:\n    host: pg.example.com\n    credentialsSecret: keycloak-db';
/** A dev RHBK instance's database: a small PostgreSQL rendered with it. */
const devPostgres = 'keycloak:\n  postgres: {}';

describe('identity section defaults', () => {
  test('GIVEN only generation and operator WHEN loaded THEN realm is ai-realm with a 300 s access token lifespan', () => {
    const env = load('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}`);
    expect(env.identity.realm).toEqual({
      name: 'ai-realm', accessTokenLifespan: 300, roles: [], groups: [], clientScopes: [], users: [],
    });
  });

  test('fails when an API client is declared: consumers are declared under gateway.consumers', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}\napiClient:\n  clientId: ai-client`)).toEqual([{
      line: 14,
      path: 'identity.apiClient',
      message: 'unknown key; allowed keys: generation, operator, hostname, keycloak, realm, gatewayClient',
    }]);
  });

  test('GIVEN only generation and operator WHEN loaded THEN the gateway client is 3scale-zync', () => {
    expect(load('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}`).identity.gatewayClient).toEqual({ clientId: '3scale-zync' });
  });

  test('GIVEN only generation and operator WHEN loaded THEN a Keycloak instance named keycloak is asked for', () => {
    expect(load('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}`).identity.keycloak).toEqual({
      name: 'keycloak',
      postgres: { image: DEV_POSTGRES_IMAGE, storage: '1Gi' },
    });
  });
});

describe('identity field checks', () => {
  test('fails when a role name has a space', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}\nrealm:\n  roles:\n    - name: model user`)).toContainEqual({
      line: 16,
      path: 'identity.realm.roles[0].name',
      message: '"model user" is not a Keycloak name here: use letters, digits, ".", "_" and "-", start with a letter or digit, at most 64 characters',
    });
  });

  test('fails when a user email is not an email address', () => {
    const found = problems('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}\nrealm:\n  users:\n    - username: ann\n      email: ann-at-example`);
    expect(found).toContainEqual({ line: 17, path: 'identity.realm.users[0].email', message: '"ann-at-example" is not an email address' });
  });
});

describe('rule: realm scopes keep the token valid', () => {
  test('fails when client scopes are declared: Keycloak would skip its built-in ones and tokens lose "sub"', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}\nrealm:\n  clientScopes:\n    - name: models`)).toEqual([{
      line: 15,
      path: 'identity.realm.clientScopes',
      message: 'makes Keycloak skip its built-in client scopes (basic, profile, email, roles, web-origins, acr) when it creates the realm, ' +
        'so tokens lose "sub", which the gateway requires; remove clientScopes',
    }]);
  });

  test('GIVEN no client scopes WHEN loaded THEN the file loads and Keycloak creates its built-in ones', () => {
    expect(load('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}`).identity.realm.clientScopes).toEqual([]);
  });
});

describe('rule: RH-SSO realm limits', () => {
  const rhsso = `generation: rhsso\n${operator('dev')}`;

  test('fails when groups are declared with generation rhsso', () => {
    expect(problems('dev', `${rhsso}\nrealm:\n  groups:\n    - name: team`)).toEqual([{
      line: 13,
      path: 'identity.realm.groups',
      message: 'is not supported by the RH-SSO operator (its KeycloakRealm has no groups field); remove it or use generation "rhbk"',
    }]);
  });

  test('fails when ssoSessionIdleTimeout is set with generation rhsso', () => {
    expect(problems('dev', `${rhsso}\nrealm:\n  ssoSessionIdleTimeout: 600`)).toEqual([{
      line: 13,
      path: 'identity.realm.ssoSessionIdleTimeout',
      message: 'is not supported by the RH-SSO operator (its KeycloakRealm has no ssoSessionIdleTimeout field); remove it or use generation "rhbk"',
    }]);
  });
});

describe('rule: references are declared', () => {
  const rhbk = `generation: rhbk\n${operator('dev')}\n${devPostgres}`;

  test('fails when a group role is not a realm role', () => {
    expect(problems('dev', `${rhbk}\nrealm:\n  roles: [{name: model-user}]\n  groups: [{name: team, realmRoles: [admin]}]`)).toEqual([{
      line: 16,
      path: 'identity.realm.groups[0].realmRoles[0]',
      message: '"admin" is not a role of the realm; declare it under identity.realm.roles (declared: "model-user")',
    }]);
  });

  test('fails when a user group is not declared', () => {
    expect(problems('dev', `${rhbk}\nrealm:\n  users:\n    - username: ann\n      groups: [team]`)).toEqual([{
      line: 17,
      path: 'identity.realm.users[0].groups[0]',
      message: '"team" is not a group of the realm; declare it under identity.realm.groups (none declared)',
    }]);
  });

});

describe('rule: unique names', () => {
  test('fails when a role is declared twice', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\n${devPostgres}\nrealm:\n  roles: [{name: a}, {name: a}]`)).toEqual([{
      line: 15,
      path: 'identity.realm.roles[1]',
      message: '"a" is already declared at identity.realm.roles[0]; names must be unique in a realm',
    }]);
  });

});

describe('rule: where Keycloak is', () => {
  test('fails when hostname and keycloak.externalUrl are both set', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\nhostname: sso.example.com\nkeycloak:\n  externalUrl: https://sso.example.com`)).toEqual([{
      line: 12,
      path: 'identity.hostname',
      message: 'cannot be set together with identity.keycloak.externalUrl, which already says where Keycloak is; remove one of them',
    }]);
  });

  test('fails when hostname is set with generation rhsso', () => {
    expect(problems('dev', `generation: rhsso\n${operator('dev')}\nhostname: sso.example.com`)).toEqual([{
      line: 12,
      path: 'identity.hostname',
      message: 'is not supported with generation "rhsso": the RH-SSO operator names its Route itself (keycloak-<namespace>.<cluster.appsDomain>); remove identity.hostname',
    }]);
  });

  // keycloak/keycloak KeycloakRealmImportJobDependentResource.java@0429ece8: the realm import is a Job that
  // writes to Keycloak's database; without spec.db it writes to its own throwaway dev-file database.
  test('fails when an RHBK instance (always with a realm import) has no database, outside dev', () => {
    expect(problems('staging', `generation: rhbk\n${operator('staging')}`)).toEqual([{
      line: 6,
      path: 'identity.keycloak.database',
      message: 'is required: the realm is imported by a Job that writes to Keycloak\'s database, so without one the realm never exists; set host and credentialsSecret of an existing PostgreSQL',
    }]);
  });

  test('fails when an RHBK instance has no database in dev, and says how to render one', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}`)).toEqual([{
      line: 6,
      path: 'identity.keycloak.database',
      message: 'is required: the realm is imported by a Job that writes to Keycloak\'s database, so without one the realm never exists; set host and credentialsSecret of an existing PostgreSQL, or write "postgres: {}" under identity.keycloak to render a small one',
    }]);
  });

  test('fails when a rendered PostgreSQL is asked for outside dev', () => {
    expect(problems('staging', `generation: rhbk\n${operator('staging')}\n${devPostgres}`)).toEqual([{
      line: 13,
      path: 'identity.keycloak.postgres',
      message: 'is allowed only when stage is "dev" (stage is "staging"): one pod without backups; set identity.keycloak.database to a managed PostgreSQL',
    }]);
  });

  test('fails when both a database and a rendered PostgreSQL are set', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\n${database}\n  postgres: {}`)).toEqual([{
      line: 16,
      path: 'identity.keycloak.postgres',
      message: 'cannot be set together with identity.keycloak.database, which already says where the database is; remove one of them',
    }]);
  });

  test('fails when a volume size is not a quantity', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\nkeycloak:\n  postgres:\n    storage: 1GB`)).toEqual([{
      line: 14,
      path: 'identity.keycloak.postgres.storage',
      message: '"1GB" is not a volume size; write a whole number of Mi, Gi or Ti, e.g. "1Gi"',
    }]);
  });

  test('fails when the RHBK channel follows newer versions than the pinned schemas', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev').replace('stable-v26.0', 'stable-v26')}\n${devPostgres}`)).toEqual([{
      line: 11,
      path: 'identity.operator.channel',
      message: '"stable-v26" does not match the Keycloak schemas this project renders against (26.0, cdk8s.yaml); use "stable-v26.0", or move the schemas and RHBK_SCHEMA_MINOR (lib/config/identity-rules.ts) to the new version together',
    }]);
  });

  test('GIVEN an external RHBK Keycloak outside dev WHEN no database is set THEN the file loads', () => {
    expect(load('staging', `generation: rhbk\n${operator('staging')}\nkeycloak:\n  externalUrl: https://sso.example.com`).identity.keycloak.externalUrl).toBe('https://sso.example.com');
  });

  test('fails when instances is set together with externalUrl', () => {
    expect(problems('dev', `generation: rhbk\n${operator('dev')}\nkeycloak:\n  externalUrl: https://sso.example.com\n  instances: 2`)).toEqual([{
      line: 14,
      path: 'identity.keycloak.instances',
      message: 'has no effect with identity.keycloak.externalUrl: no Keycloak instance is rendered; remove it',
    }]);
  });

  test('fails when a database is set with generation rhsso', () => {
    expect(problems('dev', `generation: rhsso\n${operator('dev')}\n${database}`)).toEqual([{
      line: 13,
      path: 'identity.keycloak.database',
      message: 'is not supported with generation "rhsso": the RH-SSO operator deploys its own PostgreSQL and TLS; remove it',
    }]);
  });
});
