#!/usr/bin/env node
// Regenerates imports/ from the CRD files named in cdk8s.yaml.
//
// Offline (the default): each upstream URL of cdk8s.yaml is replaced by its pinned copy (schema-pins.json), taken
// from the same places as every other command: $MAAS_CRDS_DIR, ../shared/crds, else the user cache, which is
// filled (and sha256-checked) on first use. With --online the URLs are given to `cdk8s import` as written.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import places from './schema-places.js';

const USAGE = `Usage: npm run import -- [--online]

Regenerates imports/ with \`cdk8s import\`, one module per entry of cdk8s.yaml's imports.
  (default)  from the pinned copies: $MAAS_CRDS_DIR, else ../shared/crds, else ${places.cacheDir()}
             (fetched there on first use; MAAS_CRDS_MIRROR=<base URL> fetches from a mirror)
  --online   let \`cdk8s import\` download the URLs of cdk8s.yaml itself`;

const root = resolve(import.meta.dirname, '..');

/** `module:=url` -> `module:=<local copy>`, for every import of cdk8s.yaml. */
function localSpecs(specs, crdsDir) {
  const byUrl = new Map(places.PINS.map((pin) => [pin.url, pin]));
  return specs.map((spec) => {
    const [module, url] = spec.split(':=');
    const pin = byUrl.get(url);
    if (!pin) {
      throw new places.SchemaError(`cdk8s.yaml imports ${url} (module "${module}"), which ${places.MANIFEST} does not pin; ` +
        `add it there with its sha256, or run with --online`);
    }
    return `${module}:=${join(crdsDir, pin.path)}`;
  });
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { online: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }));
  } catch (error) {
    console.error(`import: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const configText = readFileSync(join(root, 'cdk8s.yaml'), 'utf8');
  let specs = parse(configText).imports;
  if (!values.online) {
    try {
      const place = await places.ensureSchemaDir(root);
      specs = localSpecs(specs, place.dir);
    } catch (error) {
      if (!(error instanceof places.SchemaError)) throw error;
      console.error(`import: ${error.message}`);
      return 2;
    }
  }
  // `cdk8s import` appends every spec it is given to cdk8s.yaml; keep the file naming the upstream URLs only.
  try {
    for (const spec of specs) {
      execFileSync('npx', ['cdk8s', 'import', '--no-check-upgrade', '--language', 'typescript', '--output', 'imports', spec], {
        cwd: root,
        stdio: 'inherit',
      });
    }
  } catch (error) {
    console.error(`import: ${error.message}`);
    return 1;
  } finally {
    writeFileSync(join(root, 'cdk8s.yaml'), configText);
  }
  return 0;
}

process.exitCode = await main();
