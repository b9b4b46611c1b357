import { compareRevisions } from '../../lib/diff/compare';
import { entryRisks, riskFlags } from '../../lib/diff/risks';
import { keycloakClient, keycloakRealm, namespace, product, promote, realmImport, revision } from './fixtures';

/** The flag lines for a change from one set of dev files to another. */
function flags(before: Record<string, object>, after: Record<string, object>, stage = 'dev'): string[] {
  const stages = { dev: stage };
  // An object that stays in every revision keeps the environment present on both sides.
  const keep = { 'dev/serving/namespace.maas-models.yaml': namespace('maas-models') };
  const environments = compareRevisions(revision({ ...keep, ...before }, stages), revision({ ...keep, ...after }, stages));
  return riskFlags(environments).map((f) => `${f.environment}: ${f.message}`);
}

const PRODUCT = 'dev/gateway/product.maas-3scale.granite-chat.yaml';

/** A 3scale custom resource of a consumer; its spec does not matter to a deletion. */
function threescale(kind: string, name: string): object {
  return { apiVersion: 'capabilities.3scale.net/v1beta1', kind, metadata: { name, namespace: 'maas-3scale' }, spec: {} };
}
const CLIENT = 'dev/identity/keycloakclient.maas-sso.chat-ui.yaml';
const REALM = 'dev/identity/keycloakrealmimport.maas-keycloak.maas.yaml';

describe('risk flags', () => {
  describe('deletions that lose data', () => {
    test.each([
      ['Namespace', namespace('maas-llm'), 'Namespace maas-llm removed: Argo CD deletes everything in it'],
      ['Product', product({}), "Product maas-3scale/granite-chat removed: data loss in 3scale: the product's plans, metrics and applications"],
      ['KeycloakRealmImport', realmImport([]), "KeycloakRealmImport maas-keycloak/maas removed: data loss in Keycloak: the realm's users, credentials and sessions"],
      ['KeycloakRealm', keycloakRealm(), "KeycloakRealm maas-sso/maas removed: data loss in Keycloak: the realm's users, credentials and sessions"],
      ['KeycloakClient', keycloakClient([]), 'KeycloakClient maas-sso/chat-ui removed: data loss in Keycloak: the client and its secret; applications using it get no tokens'],
      ['DeveloperAccount', threescale('DeveloperAccount', 'ai-client'),
        "DeveloperAccount maas-3scale/ai-client removed: data loss in 3scale: the consumer's account, users and applications; their Keycloak clients are deleted and get no tokens"],
      ['DeveloperUser', threescale('DeveloperUser', 'ai-client'),
        "DeveloperUser maas-3scale/ai-client removed: data loss in 3scale: the consumer's user and its developer portal login"],
      ['Application', threescale('Application', 'ai-client.iris'),
        "Application maas-3scale/ai-client.iris removed: data loss in 3scale: the consumer's application and its credentials; its Keycloak client is deleted and gets no tokens"],
    ])('flags a removed %s', (_kind, object, expected) => {
      expect(flags({ 'dev/x/object.yaml': object }, {})).toEqual([`dev: ${expected}`]);
    });

    test('flags a client removed from a realm import', () => {
      const before = realmImport([{ clientId: 'chat-ui' }, { clientId: 'batch' }]);
      const after = realmImport([{ clientId: 'chat-ui' }]);
      expect(flags({ [REALM]: before }, { [REALM]: after })).toEqual([
        'dev: KeycloakRealmImport maas-keycloak/maas: client "batch" removed: data loss in Keycloak: the client and its secret; applications using it get no tokens',
      ]);
    });

    test('does not flag a removed Subscription', () => {
      const subscription = { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', metadata: { name: 'rhbk-operator', namespace: 'maas-keycloak' } };
      expect(flags({ 'dev/identity/subscription.yaml': subscription }, {})).toEqual([]);
    });

    test('flags a renamed Namespace as a deletion, which it is for the cluster', () => {
      expect(flags({ 'dev/serving/namespace.a.yaml': namespace('a') }, { 'dev/serving/namespace.b.yaml': namespace('b') })).toEqual([
        'dev: Namespace a removed: Argo CD deletes everything in it',
      ]);
    });
  });

  describe('production', () => {
    test('flags any change to an environment whose stage is prod', () => {
      expect(flags({}, { 'dev/serving/namespace.maas-llm.yaml': namespace('maas-llm') }, 'prod')).toEqual(['dev: stage prod: 1 added in production']);
    });

    test('does not flag an unchanged prod environment', () => {
      expect(flags({}, {}, 'prod')).toEqual([]);
    });
  });

  describe('promotion', () => {
    test('flags a changed ProxyConfigPromote with the product and target', () => {
      const file = 'dev/gateway/proxyconfigpromote.maas-3scale.granite-chat.yaml';
      expect(flags({ [file]: promote(false) }, { [file]: promote(true) })).toEqual([
        'dev: ProxyConfigPromote maas-3scale/granite-chat changed: promotes product "granite-chat" to the production APIcast',
      ]);
    });

    test('GIVEN one change that adds the promotion of several products WHEN flagged THEN one line names them all', () => {
      const named = (name: string) => ({ ...promote(false), metadata: { name, namespace: 'maas-3scale' }, spec: { productCRName: name, production: false } });
      expect(flags({}, { 'dev/gateway/a.yaml': named('iris'), 'dev/gateway/b.yaml': named('granite-chat'), 'dev/gateway/c.yaml': { ...named('chat'), spec: { productCRName: 'chat', production: true } } })).toEqual([
        'dev: ProxyConfigPromote maas-3scale/chat added: promotes product "chat" to the production APIcast',
        'dev: 2 ProxyConfigPromotes added: promote products "granite-chat", "iris" to the staging APIcast',
      ]);
    });

    test('flags an added ProxyConfigPromote', () => {
      expect(flags({}, { 'dev/gateway/promote.yaml': promote(false) })).toEqual([
        'dev: ProxyConfigPromote maas-3scale/granite-chat added: promotes product "granite-chat" to the staging APIcast',
      ]);
    });
  });

  describe('application plan limits', () => {
    test('flags a raised limit with the plan, metric, period and both values', () => {
      const before = product({ basic: [{ period: 'minute', value: 10 }, { period: 'day', value: 1000 }] });
      const after = product({ basic: [{ period: 'minute', value: 100 }, { period: 'day', value: 500 }] });
      expect(flags({ [PRODUCT]: before }, { [PRODUCT]: after })).toEqual([
        'dev: Product maas-3scale/granite-chat: plan "basic": limit on hits per minute raised from 10 to 100',
      ]);
    });

    test('flags a removed limit', () => {
      const before = product({ basic: [{ period: 'minute', value: 10, metric: 'tokens', backend: 'granite' }] });
      const after = product({ basic: [] });
      expect(flags({ [PRODUCT]: before }, { [PRODUCT]: after })).toEqual([
        'dev: Product maas-3scale/granite-chat: plan "basic": limit on tokens of backend granite per minute removed (was 10)',
      ]);
    });

    test('does not flag lowered limits or a new plan', () => {
      const before = product({ basic: [{ period: 'minute', value: 10 }] });
      const after = product({ basic: [{ period: 'minute', value: 5 }], gold: [{ period: 'minute', value: 1000 }] });
      expect(flags({ [PRODUCT]: before }, { [PRODUCT]: after })).toEqual([]);
    });
  });

  describe('redirect URIs and web origins', () => {
    test('flags every new entry of an existing client, naming what makes it wide', () => {
      const before = keycloakClient(['https://chat.apps.example.com/callback']);
      const after = keycloakClient(
        ['https://chat.apps.example.com/callback', 'https://chat.apps.example.com/other', 'http://localhost:3000/*'],
        ['*'],
      );
      expect(flags({ [CLIENT]: before }, { [CLIENT]: after })).toEqual([
        'dev: KeycloakClient maas-sso/chat-ui: redirect URI "https://chat.apps.example.com/other" added',
        'dev: KeycloakClient maas-sso/chat-ui: redirect URI "http://localhost:3000/*" added (wildcard, plain http, localhost)',
        'dev: KeycloakClient maas-sso/chat-ui: web origin "*" added (wildcard)',
      ]);
    });

    test('flags only the wide entries of a new client', () => {
      const client = keycloakClient(['https://chat.apps.example.com/callback', 'http://127.0.0.1:8080/cb']);
      expect(flags({}, { [CLIENT]: client })).toEqual(['dev: KeycloakClient maas-sso/chat-ui: redirect URI "http://127.0.0.1:8080/cb" added (plain http, localhost)']);
    });

    test('flags new entries of a client in a realm import', () => {
      const before = realmImport([{ clientId: 'chat-ui', redirectUris: ['https://a.example.com/*'] }]);
      const after = realmImport([{ clientId: 'chat-ui', redirectUris: ['https://a.example.com/*'], webOrigins: ['https://b.example.com'] }]);
      expect(flags({ [REALM]: before }, { [REALM]: after })).toEqual([
        'dev: KeycloakRealmImport maas-keycloak/maas: client "chat-ui": web origin "https://b.example.com" added',
      ]);
    });

    test('does not flag removed entries', () => {
      const before = keycloakClient(['https://a.example.com/cb', 'https://b.example.com/cb']);
      expect(flags({ [CLIENT]: before }, { [CLIENT]: keycloakClient(['https://a.example.com/cb']) })).toEqual([]);
    });

    test.each([
      ['https://chat.apps.example.com/callback', []],
      ['+', []],
      ['https://*.apps.example.com', ['wildcard']],
      ['http://chat.apps.example.com', ['plain http']],
      ['https://localhost', ['localhost']],
      ['http://[::1]:8080', ['plain http', 'localhost']],
      ['https://localhost.example.com', []],
    ])('judges %s as %j', (entry, risks) => {
      expect(entryRisks(entry)).toEqual(risks);
    });
  });
});
