// Where every command finds the pinned upstream schema files (CRDs, Kubernetes definitions, APIcast policy
// manifests), and how they are fetched when no place has them. One module for the validator, `npm run import`,
// `npm run fetch-crds`, the bench and the tests: plain CommonJS so that .mjs scripts import it, esbuild bundles it
// and jest requires it. Types: schema-places.d.ts.
//
// Places, in order (the first that exists is used):
//   1. $MAAS_CRDS_DIR                  (when set, it must exist: a typo is an error, not a silent fallback)
//   2. ../shared/crds                  (relative to the project root)
//   3. ${XDG_CACHE_HOME:-~/.cache}/maas-gitops/crds, filled on first use from the URLs in schema-pins.json,
//      or from $MAAS_CRDS_MIRROR/<path> when set; every file is checked against its pinned sha256.
// Paths are relative to the crds folder; APIcast policies are in its sibling `../apicast-policies/`.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

/** The manifest, relative to the project root. */
const MANIFEST = 'schema-pins.json';
/** Every pinned file: `{ path, url, sha256 }`. */
const PINS = require('../schema-pins.json').files;

/** A problem the user can fix; its message says how. Commands print it without a stack trace. */
class SchemaError extends Error {}
SchemaError.prototype.name = 'SchemaError';

/** The cache of fetched files: `${XDG_CACHE_HOME:-$HOME/.cache}/maas-gitops/crds`. */
function cacheDir(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'maas-gitops', 'crds');
}

/** The APIcast policy manifests beside a crds folder. */
function apicastPoliciesDir(crdsDir) {
  return resolve(crdsDir, '..', 'apicast-policies');
}

/** The places in the order they are tried: `{ dir, from }`. */
function schemaPlaces(root, env = process.env) {
  if (env.MAAS_CRDS_DIR) return [{ dir: resolve(root, env.MAAS_CRDS_DIR), from: 'MAAS_CRDS_DIR' }];
  return [
    { dir: resolve(root, '..', 'shared', 'crds'), from: '../shared/crds' },
    { dir: cacheDir(env), from: 'the cache' },
  ];
}

/**
 * The first place that holds the schemas, without fetching: `{ dir, from }`, or undefined when only the cache
 * could and it is not complete. Throws a SchemaError when MAAS_CRDS_DIR names a folder that does not exist.
 */
function findSchemaDir(root, env = process.env) {
  for (const place of schemaPlaces(root, env)) {
    if (place.from === 'the cache') return cacheIsCurrent(place.dir) ? place : undefined;
    if (isDirectory(place.dir)) return place;
    if (place.from === 'MAAS_CRDS_DIR') {
      throw new SchemaError(`the schema folder ${place.dir} (MAAS_CRDS_DIR) does not exist.\n` +
        `  Point MAAS_CRDS_DIR at a folder laid out like ../shared/crds, or unset it to use ../shared/crds or the cache (${cacheDir(env)}).`);
    }
  }
  return undefined;
}

/**
 * The schema folder, fetching the pinned files into the cache when no place has them (`fetched: true`).
 * `log` receives one progress line before a fetch. Throws a SchemaError saying what to do when offline.
 */
async function ensureSchemaDir(root, { env = process.env, log = (line) => console.error(line) } = {}) {
  const found = findSchemaDir(root, env);
  if (found) return { ...found, fetched: false };
  const dir = cacheDir(env);
  await fetchPins(dir, { mirror: env.MAAS_CRDS_MIRROR, log });
  return { dir, from: 'the cache', fetched: true };
}

/** Where a pinned file is downloaded from: its upstream URL, or `<mirror>/<path>`. */
function pinUrl(pin, mirror) {
  return mirror ? new URL(pin.path, mirror.endsWith('/') ? mirror : `${mirror}/`).href : pin.url;
}

/**
 * Downloads every pinned file that `dir` lacks or holds with another sha256, verifies each, and writes it
 * atomically. Returns the number of files downloaded. Throws a SchemaError listing what failed (the files that
 * did verify are kept).
 */
async function fetchPins(dir, { mirror, force = false, log = (line) => console.error(line), pins = PINS } = {}) {
  const todo = pins.filter((pin) => force || sha256OfFile(join(dir, pin.path)) !== pin.sha256);
  if (todo.length > 0) {
    log(`schemas: fetching ${todo.length} pinned schema file${todo.length === 1 ? '' : 's'} into ${dir} from ${mirror ? `the mirror ${mirror}` : 'their upstream URLs'} (once; see ${MANIFEST})`);
  }
  const failures = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const pin = todo[next++];
      const url = pinUrl(pin, mirror);
      try {
        const body = await download(url);
        const sha256 = createHash('sha256').update(body).digest('hex');
        if (sha256 !== pin.sha256) throw new Error(`sha256 is ${sha256}, ${MANIFEST} pins ${pin.sha256}; not stored`);
        const file = join(dir, pin.path);
        mkdirSync(dirname(file), { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, body);
        renameSync(temporary, file);
      } catch (error) {
        failures.push(`${url}: ${reason(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(6, todo.length) }, worker));
  if (failures.length > 0) {
    failures.sort();
    const shown = failures.slice(0, 3).map((line) => `    ${line}`);
    if (failures.length > 3) shown.push(`    ... and ${failures.length - 3} more`);
    throw new SchemaError([
      `${failures.length} of ${pins.length} pinned schema files could not be fetched into ${dir}:`,
      ...shown,
      `  The validator, \`npm run import\` and the tests check objects against these files (${MANIFEST}). Either:`,
      '    - connect to the network and run the command again (each file is fetched once, then kept), or',
      '    - set MAAS_CRDS_MIRROR=<base URL> of a mirror laid out like ../shared/crds, or',
      '    - set MAAS_CRDS_DIR=<folder> holding a copy laid out like ../shared/crds.',
    ].join('\n'));
  }
  if (pins === PINS) writeFileSync(stampFile(dir), stamp());
  return todo.length;
}

async function download(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return Buffer.from(await response.arrayBuffer());
}

/** The innermost message of a fetch error (`fetch failed` says nothing; its cause says ECONNREFUSED). */
function reason(error) {
  let current = error;
  while (current && current.cause) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  return current.code && !current.message.includes(current.code) ? `${current.code}: ${current.message}` : current.message;
}

/** Records which pins the cache holds, so that later runs check it without hashing 8 MB. */
function stampFile(dir) {
  return `${dir}.sha256`;
}

function stamp() {
  return `${PINS.map((pin) => `${pin.sha256}  ${pin.path}`).join('\n')}\n`;
}

function cacheIsCurrent(dir) {
  try {
    return readFileSync(stampFile(dir), 'utf8') === stamp() && PINS.every((pin) => statSync(join(dir, pin.path)).isFile());
  } catch {
    return false;
  }
}

function sha256OfFile(file) {
  try {
    return createHash('sha256').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

module.exports = {
  MANIFEST, PINS, SchemaError, apicastPoliciesDir, cacheDir, ensureSchemaDir, fetchPins, findSchemaDir,
  pinUrl, schemaPlaces,
};
