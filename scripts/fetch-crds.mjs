#!/usr/bin/env node
// Downloads the pinned upstream schema files the validator needs, for machines without ../shared/crds:
// every URL import in cdk8s.yaml, plus the Kubernetes 1.28 definitions, laid out like ../shared/crds.
//
//   npm run fetch-crds                 # into ~/.cache/maas-gitops/crds (or $XDG_CACHE_HOME/maas-gitops/crds)
//   npm run fetch-crds -- --dry-run    # print "URL -> path" for each file; no network
//   npm run fetch-crds -- --out DIR    # somewhere else
//   MAAS_CRDS_DIR=~/.cache/maas-gitops/crds npm test
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

/** The file `cdk8s import k8s@1.28` downloads; core kinds are checked against it. */
export const K8S_DEFINITIONS_URL =
  'https://raw.githubusercontent.com/cdk8s-team/cdk8s/71f8cba7ecc809d861e837e842217202d5e5a16c/kubernetes-schemas/v1.28.0/_definitions.json';

/** Upstream repository -> folder of ../shared/crds (see its SOURCES.md). */
const FOLDERS = {
  'keycloak/keycloak-operator': 'keycloak-legacy',
  'keycloak/keycloak-k8s-resources': 'keycloak',
  '3scale/3scale-operator': '3scale',
  'opendatahub-io/kserve': 'kserve',
  'openshift/api': 'openshift-route',
  'operator-framework/api': 'olm',
  'argoproj/argo-cd': 'argocd',
  'prometheus-operator/prometheus-operator': 'prometheus-operator',
  'external-secrets/external-secrets': 'external-secrets',
  'cdk8s-team/cdk8s': 'k8s',
};

/**
 * Where a raw.githubusercontent.com URL goes under the output folder, named as in ../shared/crds:
 * `.yml` is stored as `.yaml`; the Kubernetes definitions keep their version (`k8s/v1.28.0-_definitions.json`).
 */
export function localPath(url) {
  const match = /^https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+)\/[0-9a-f]{40}\/(.+)$/.exec(url);
  if (!match) throw new Error(`${url} is not a raw.githubusercontent.com URL pinned to a commit`);
  const [, repo, path] = match;
  const parts = path.split('/');
  const base = parts[parts.length - 1].replace(/\.yml$/, '.yaml');
  const folder = FOLDERS[repo] ?? repo.split('/')[1];
  return folder === 'k8s' ? `k8s/${parts[parts.length - 2]}-${base}` : `${folder}/${base}`;
}

/** The URL imports of cdk8s.yaml (`module:=https://...`; local-path imports are skipped), then the definitions. */
export function pinnedUrls(cdk8sYaml) {
  const imports = parse(cdk8sYaml).imports ?? [];
  const urls = imports.map((spec) => spec.split(':=').pop()).filter((url) => url.startsWith('https://'));
  return [...new Set([...urls, K8S_DEFINITIONS_URL])];
}

function defaultOut() {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'maas-gitops', 'crds');
}

async function main() {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean', default: false },
      out: { type: 'string', default: defaultOut() },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: node scripts/fetch-crds.mjs [--dry-run] [--out DIR] [--force]');
    return 0;
  }
  const root = resolve(import.meta.dirname, '..');
  const out = resolve(values.out);
  const plan = pinnedUrls(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')).map((url) => ({ url, path: join(out, localPath(url)) }));
  if (values['dry-run']) {
    for (const { url, path } of plan) console.log(`${url} -> ${path}`);
    return 0;
  }
  let failed = 0;
  for (const { url, path } of plan) {
    if (existsSync(path) && !values.force) {
      console.log(`kept       ${path}`);
      continue;
    }
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      const body = Buffer.from(await response.arrayBuffer());
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, body);
      renameSync(`${path}.tmp`, path);
      console.log(`downloaded ${path} (sha256 ${createHash('sha256').update(body).digest('hex')})`);
    } catch (error) {
      failed++;
      console.error(`failed     ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failed > 0) {
    console.error(`${failed} of ${plan.length} files failed; nothing else changed. Check the network and run again.`);
    return 1;
  }
  console.log(`${plan.length} files in ${out}. Validate with: MAAS_CRDS_DIR=${out} npm test`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main();
}
