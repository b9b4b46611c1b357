import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree } from '../lib/read-tree';
import { tempDir } from './helpers';

describe('readTree', () => {
  test('reads only the files `include` accepts, by path relative to the folder', () => {
    // GIVEN a rendered folder with two files
    const dir = tempDir();
    mkdirSync(join(dir, 'dev', 'identity'), { recursive: true });
    writeFileSync(join(dir, 'dev', 'identity', 'keycloakrealmimport.sso.ai.yaml'), 'kind: KeycloakRealmImport\n');
    writeFileSync(join(dir, 'dev', 'identity', 'namespace.sso.yaml'), 'kind: Namespace\n');

    // WHEN it is read with and without a filter
    const some = readTree(dir, (file) => file.includes('keycloakrealmimport'));
    const all = readTree(dir);

    // THEN the filter keeps only the matching file
    expect([...some.keys()]).toEqual(['dev/identity/keycloakrealmimport.sso.ai.yaml']);
    expect([...all.keys()]).toEqual(['dev/identity/keycloakrealmimport.sso.ai.yaml', 'dev/identity/namespace.sso.yaml']);
  });
});
