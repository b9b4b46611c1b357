// What the Keycloak operator does with the committed dist/, read against its source at the pinned versions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RHBK_SCHEMA_COMMIT, RHBK_SCHEMA_MINOR } from '../../lib/config/identity-rules';
import { renderedObjects, ROOT } from '../helpers';

const objects = renderedObjects();
const environments = [...new Set(objects.map((o) => o.env))].sort();

describe.each(environments)('%s: the RHBK operator', (env) => {
  const ofKind = (apiVersion: string, kind: string) => objects.filter((o) => o.env === env && o.object.apiVersion.startsWith(apiVersion) && o.object.kind === kind);

  // keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@0429ece8:
  // the import runs `kc.sh import` in a Job built from Keycloak's pod template; it writes to spec.db, or, without
  // one, to the Job pod's own dev-file database, which is thrown away: the realm never reaches the server.
  test('imports every realm into a Keycloak that has a database', () => {
    const withoutDatabase = ofKind('k8s.keycloak.org/', 'KeycloakRealmImport').flatMap(({ file, object }) => {
      const keycloak = ofKind('k8s.keycloak.org/', 'Keycloak').find((k) => k.object.metadata.name === object.spec.keycloakCRName && k.object.metadata.namespace === object.metadata.namespace);
      return keycloak !== undefined && keycloak.object.spec.db?.host === undefined ? [`${file} -> ${keycloak.file}`] : [];
    });
    expect(withoutDatabase).toEqual([]);
  });

  // The channel decides which operator (and CRDs) OLM installs: `stable-v26` follows every 26.x.
  test(`is subscribed to the channel of the schemas the objects are validated against (stable-v${RHBK_SCHEMA_MINOR})`, () => {
    const channels = ofKind('operators.coreos.com/', 'Subscription').filter((o) => o.object.spec.name === 'rhbk-operator').map((o) => o.object.spec.channel);
    expect(channels.filter((c) => c !== `stable-v${RHBK_SCHEMA_MINOR}`)).toEqual([]);
  });
});

test(`cdk8s.yaml pins the RHBK schemas at ${RHBK_SCHEMA_MINOR} (keycloak/keycloak-k8s-resources ${RHBK_SCHEMA_COMMIT.slice(0, 7)}, tag ${RHBK_SCHEMA_MINOR}.0)`, () => {
  const urls = readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8').split('\n').filter((line) => line.includes('keycloak/keycloak-k8s-resources/'));
  expect(urls.length).toBeGreaterThan(0);
  expect(urls.filter((line) => !line.includes(`/keycloak-k8s-resources/${RHBK_SCHEMA_COMMIT}/`))).toEqual([]);
});
