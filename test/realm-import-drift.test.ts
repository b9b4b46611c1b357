import { realmImportDrift } from '../lib/realm-import-drift';

const FILE = 'dev/identity/keycloakrealmimport.kc.ai-realm.yaml';
const importYaml = (lifespan: number, extra = '') =>
  `apiVersion: k8s.keycloak.org/v2alpha1\nkind: KeycloakRealmImport\nmetadata:\n  name: ai-realm${extra}\nspec:\n  keycloakCRName: keycloak\n  realm:\n    realm: ai-realm\n    accessTokenLifespan: ${lifespan}\n`;

describe('realmImportDrift', () => {
  test('GIVEN a realm import whose realm changed WHEN compared THEN one warning names the file, the realm and the way out', () => {
    expect(realmImportDrift(new Map([[FILE, importYaml(300)]]), new Map([[FILE, importYaml(900)]]))).toEqual([
      `warning: ${FILE}: realm "ai-realm" changed, but a KeycloakRealmImport only creates a realm; ` +
        'the running realm will NOT change. To roll it out, see docs/identity.md "Changing an imported realm".',
    ]);
  });

  test('GIVEN identical realm imports WHEN compared THEN no warning', () => {
    expect(realmImportDrift(new Map([[FILE, importYaml(300)]]), new Map([[FILE, importYaml(300)]]))).toEqual([]);
  });

  test('GIVEN only metadata changed WHEN compared THEN no warning (the realm content is the spec)', () => {
    expect(realmImportDrift(new Map([[FILE, importYaml(300)]]), new Map([[FILE, importYaml(300, '\n  labels: {a: b}')]]))).toEqual([]);
  });

  test('GIVEN the same spec with keys in another order WHEN compared THEN no warning', () => {
    const reordered = 'apiVersion: k8s.keycloak.org/v2alpha1\nkind: KeycloakRealmImport\nmetadata:\n  name: ai-realm\nspec:\n  realm:\n    accessTokenLifespan: 300\n    realm: ai-realm\n  keycloakCRName: keycloak\n';
    expect(realmImportDrift(new Map([[FILE, importYaml(300)]]), new Map([[FILE, reordered]]))).toEqual([]);
  });

  test('GIVEN a new realm import not yet committed WHEN compared THEN no warning (it will be created)', () => {
    expect(realmImportDrift(new Map(), new Map([[FILE, importYaml(300)]]))).toEqual([]);
  });

  test('GIVEN another kind changed WHEN compared THEN no warning', () => {
    const file = 'dev/identity/keycloak.kc.keycloak.yaml';
    expect(realmImportDrift(new Map([[file, 'spec: {instances: 1}\n']]), new Map([[file, 'spec: {instances: 2}\n']]))).toEqual([]);
  });
});
