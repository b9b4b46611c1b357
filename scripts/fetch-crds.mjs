#!/usr/bin/env node
// Fetches the pinned schema files of schema-pins.json (every CRD, the Kubernetes 1.28 definitions and the
// APIcast policy manifests) into the user cache, each checked against its sha256. Commands that need them do
// this on their own the first time; this script does it ahead of time (CI caches the folder), or elsewhere.
//
//   npm run fetch-crds                 # into ${XDG_CACHE_HOME:-~/.cache}/maas-gitops/crds
//   npm run fetch-crds -- --dry-run    # print "URL -> path" for each file; no network
//   npm run fetch-crds -- --out DIR    # somewhere else (then MAAS_CRDS_DIR=DIR)
//   MAAS_CRDS_MIRROR=http://host/crds npm run fetch-crds   # from a mirror laid out like ../shared/crds
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import places from './schema-places.js';

const USAGE = `Usage: npm run fetch-crds -- [--dry-run] [--out DIR] [--force]

Fetches every file pinned in ${places.MANIFEST} into DIR (default: ${places.cacheDir()}), from its upstream
URL or, when MAAS_CRDS_MIRROR is set, from <mirror>/<path>; each file must match its pinned sha256.
Files already there with the right sha256 are kept (--force fetches them again).`;

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'dry-run': { type: 'boolean', default: false },
        out: { type: 'string', default: places.cacheDir() },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`fetch-crds: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = resolve(values.out);
  const mirror = process.env.MAAS_CRDS_MIRROR;
  if (values['dry-run']) {
    for (const pin of places.PINS) console.log(`${places.pinUrl(pin, mirror)} -> ${join(out, pin.path)}`);
    return 0;
  }
  try {
    const fetched = await places.fetchPins(out, { mirror, force: values.force, log: (line) => console.log(line) });
    console.log(`fetch-crds: ${places.PINS.length} files in ${out} (${fetched} fetched, ${places.PINS.length - fetched} kept)`);
    return 0;
  } catch (error) {
    if (!(error instanceof places.SchemaError)) throw error;
    console.error(`fetch-crds: ${error.message}`);
    return 2;
  }
}

process.exitCode = await main();
