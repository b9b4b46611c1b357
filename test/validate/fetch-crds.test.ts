import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRDS_DIR, ROOT } from './helpers';

test('--dry-run lists each pinned URL of cdk8s.yaml and the k8s definitions, laid out like the shared mirror', () => {
  // WHEN the fetch is planned without network
  const result = spawnSync(process.execPath, ['scripts/fetch-crds.mjs', '--dry-run', '--out', '/cache/crds'], { cwd: ROOT, encoding: 'utf8' });
  expect(result.status).toBe(0);
  const lines = result.stdout.trim().split('\n');
  // THEN every line is "URL -> path", the URLs are pinned to commits, and each path exists in ../shared/crds
  expect(lines).toContain(
    'https://raw.githubusercontent.com/cdk8s-team/cdk8s/71f8cba7ecc809d861e837e842217202d5e5a16c/kubernetes-schemas/v1.28.0/_definitions.json -> /cache/crds/k8s/v1.28.0-_definitions.json');
  expect(lines).toContain(
    'https://raw.githubusercontent.com/keycloak/keycloak-k8s-resources/81567cb67132167dcb5516200a5eb9becf6388aa/kubernetes/keycloaks.k8s.keycloak.org-v1.yml -> /cache/crds/keycloak/keycloaks.k8s.keycloak.org-v1.yaml');
  for (const line of lines) {
    const [url, path] = line.split(' -> ');
    expect(url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
    expect(existsSync(join(CRDS_DIR, path.replace('/cache/crds/', '')))).toBe(true);
  }
  const urlImports = readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8').split('\n').filter((line) => /:=https:\/\//.test(line));
  expect(lines).toHaveLength(new Set(urlImports.map((line) => line.split(':=')[1])).size + 1);
});
