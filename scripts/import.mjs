#!/usr/bin/env node
// Regenerates imports/ from the CRD files named in cdk8s.yaml.
//
// Offline (the default): each upstream URL is replaced by the file of the same name in the local mirror
// (MAAS_CRDS_DIR, default ../shared/crds), whose SOURCES.md records the same upstream commits.
// With --online the URLs are fetched as written, which is what `cdk8s import` does on its own.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const online = process.argv.includes('--online');
const crdsDir = resolve(root, process.env.MAAS_CRDS_DIR ?? '../shared/crds');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8'));
let specs = config.imports;
if (!online) {
  const mirror = new Map(filesUnder(crdsDir).map((file) => [basename(file), file]));
  specs = specs.map((spec) => {
    const [module, url] = spec.split(':=');
    // The mirror stores upstream `.yml` files as `.yaml`.
    const local = mirror.get(basename(url).replace(/\.yml$/, '.yaml'));
    if (!local) {
      throw new Error(`${basename(url)} (import "${module}") is not in ${crdsDir}; run with --online or set MAAS_CRDS_DIR`);
    }
    return `${module}:=${local}`;
  });
}
// `cdk8s import` appends every spec it is given to cdk8s.yaml; keep the file naming the upstream URLs only.
const configText = readFileSync(join(root, 'cdk8s.yaml'), 'utf8');
try {
  for (const spec of specs) {
    execFileSync('npx', ['cdk8s', 'import', '--no-check-upgrade', '--language', 'typescript', '--output', 'imports', spec], {
      cwd: root,
      stdio: 'inherit',
    });
  }
} finally {
  writeFileSync(join(root, 'cdk8s.yaml'), configText);
}
