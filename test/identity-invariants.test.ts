import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../lib/config/load';
import { devOnlyReason } from '../lib/config/identity-rules';
import { readTree } from '../lib/read-tree';
import { renderEnvironments } from '../lib/render';

/** Invariants of the identity charts of every shipped environment, over what is rendered now and what is committed. */

const ROOT = resolve(__dirname, '..');
const environments = loadEnvironments(join(ROOT, 'environments'), ROOT);
const rendered = renderEnvironments(environments);
const committed = readTree(join(ROOT, 'dist'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const objectsOf = (tree: Map<string, string>) =>
  [...tree].filter(([f]) => f.endsWith('.yaml')).map(([file, text]) => ({ file, env: file.split('/')[0], chart: file.split('/')[1], object: parse(text, { version: '1.1' }) as Json }));
const identityObjects = objectsOf(rendered).filter((o) => o.chart === 'identity');

/** Every client representation: legacy KeycloakClient `spec.client` and KeycloakRealmImport `spec.realm.clients[]`. */
function clients(env: string): Json[] {
  return identityObjects
    .filter((o) => o.env === env)
    .flatMap(({ object }) => (object.kind === 'KeycloakClient' ? [object.spec.client] : object.kind === 'KeycloakRealmImport' ? object.spec.realm.clients : []));
}

/** Every value under a key named `secret`, anywhere in an object, with its path. */
function secretFields(value: Json, path = ''): Array<{ path: string; value: Json }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretFields(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.toLowerCase() === 'secret' && (typeof v !== 'object' || v === null) ? [{ path: `${path}.${k}`, value: v }] : []),
    ...secretFields(v, `${path}.${k}`),
  ]);
}

describe('identity invariants over every shipped environment', () => {
  test('GIVEN the shipped environments WHEN their generations are listed THEN both rhbk and rhsso are used', () => {
    expect([...new Set(environments.map((e) => e.identity.generation))].sort()).toEqual(['rhbk', 'rhsso']);
  });

  test.each(environments.map((e) => e.name))('%s: renders the operator install, a realm and the gateway client only: zync writes the consumers\' clients', (env) => {
    const kinds = identityObjects.filter((o) => o.env === env).map((o) => o.object.kind);
    expect(kinds).toEqual(expect.arrayContaining(['Namespace', 'OperatorGroup', 'Subscription']));
    expect(kinds.some((k: string) => k === 'KeycloakRealm' || k === 'KeycloakRealmImport')).toBe(true);
    expect(clients(env).map((c) => c.clientId)).toEqual([environments.find((e) => e.name === env)?.identity.gatewayClient.clientId]);
  });

  test('no Secret object is rendered anywhere in dist, now or as committed', () => {
    const secrets = [...objectsOf(rendered), ...objectsOf(committed)].filter((o) => o.object?.kind === 'Secret').map((o) => o.file);
    expect(secrets).toEqual([]);
  });

  test('no client secret value anywhere in dist: every `secret` field is a placeholder filled from a Secret', () => {
    const offending = [...objectsOf(rendered), ...objectsOf(committed)].flatMap(({ file, object }) =>
      secretFields(object)
        .filter(({ value }) => {
          const name = /^\$\{([A-Z][A-Z0-9_]*)\}$/.exec(String(value))?.[1];
          return name === undefined || object.spec?.placeholders?.[name]?.secret?.name === undefined;
        })
        .map(({ path, value }) => `${file}${path}: ${JSON.stringify(value)}`),
    );
    expect(offending).toEqual([]);
  });

  test('wildcard, http:// and localhost redirect URIs and web origins appear only in dev', () => {
    const offending = environments
      .filter((e) => e.stage !== 'dev')
      .flatMap((e) => clients(e.name).flatMap((c) =>
        [...(c.redirectUris ?? []), ...(c.webOrigins ?? [])].filter((u: string) => devOnlyReason(u) !== undefined).map((u: string) => `${e.name}: ${c.clientId}: ${u}`)));
    expect(offending).toEqual([]);
  });

  test('every OperatorGroup targets exactly its own namespace', () => {
    const groups = objectsOf(rendered).filter((o) => o.object.kind === 'OperatorGroup');
    expect(groups.length).toBeGreaterThan(0);
    for (const { object } of groups) expect(object.spec.targetNamespaces).toEqual([object.metadata.namespace]);
  });

  test('every legacy realm selects a Keycloak and every legacy client and user selects a realm of its environment', () => {
    for (const e of environments) {
      const objects = identityObjects.filter((o) => o.env === e.name).map((o) => o.object);
      const keycloakLabels = objects.filter((o) => o.kind === 'Keycloak' && o.apiVersion === 'keycloak.org/v1alpha1').map((o) => o.metadata.labels);
      const realms = objects.filter((o) => o.kind === 'KeycloakRealm');
      for (const realm of realms) expect(keycloakLabels).toContainEqual(realm.spec.instanceSelector.matchLabels);
      for (const o of objects.filter((x) => x.kind === 'KeycloakClient' || x.kind === 'KeycloakUser')) {
        expect(realms.map((r) => r.metadata.labels)).toContainEqual(o.spec.realmSelector.matchLabels);
      }
    }
  });

  test('committed dist/<env>/identity/ is what the environments render now (run `npm run synth` when this fails)', () => {
    const identityFiles = (tree: Map<string, string>) => new Map([...tree].filter(([f]) => f.split('/')[1] === 'identity'));
    const expected = identityFiles(rendered);
    const actual = identityFiles(committed);
    const differing = [...new Set([...expected.keys(), ...actual.keys()])].filter((f) => expected.get(f) !== actual.get(f)).sort();
    expect(differing).toEqual([]);
  });
});
