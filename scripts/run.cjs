#!/usr/bin/env node
// Runs one of the project's commands from its TypeScript source, bundling only that command and only when
// what it bundles changed:
//
//   node scripts/run.cjs <command> [args...]     command: main | validate | smoke | diff | bench | docs
//   node scripts/run.cjs --build [command...]     only make the bundles current (all when none is named)
//
// `build/<command>.js` is rebuilt (esbuild, one entry point) when the content of any file the last build read
// differs, or the build options or esbuild's version changed. Each input's size and mtime are remembered with
// its sha256, so an unchanged file costs a stat; a file whose mtime changed but whose content did not (a
// checkout, `touch`) is hashed and found unchanged. A file the bundle did not read before can only enter
// through a changed importer, so it is covered. Then the bundle runs through V8's code cache (run-cached.cjs).
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { runCached } = require('./run-cached.cjs');

const ROOT = path.resolve(__dirname, '..');
const COMMANDS = { main: 'main.ts', validate: 'scripts/validate.ts', smoke: 'scripts/smoke.ts', diff: 'scripts/diff.ts', bench: 'scripts/bench.ts', docs: 'scripts/docs.ts' };

/** The esbuild options of every command; part of the up-to-date check. */
function buildOptions(entry, outfile) {
  // typescript is loaded only by `npm run schema` (lib/config/schema-docs.ts), from node_modules.
  return { entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning', metafile: true, external: ['typescript'] };
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function esbuildVersion() {
  return JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
}

/** True when `build/<name>.js` was built from the same inputs, options and esbuild as now. */
function upToDate(root, record, optionsKey) {
  if (record?.optionsKey !== optionsKey) return false;
  let changed = false;
  for (const [file, seen] of Object.entries(record.inputs)) {
    let stat;
    try {
      stat = statSync(path.join(root, file));
    } catch {
      return false;
    }
    if (stat.size === seen.size && stat.mtimeMs === seen.mtimeMs) continue;
    if (stat.size !== seen.size || sha256(path.join(root, file)) !== seen.sha256) return false;
    // Same content, new mtime: remember the new mtime so the next check is a stat again.
    seen.mtimeMs = stat.mtimeMs;
    changed = true;
  }
  return changed ? 'refresh' : true;
}

/**
 * Makes `<root>/build/<name>.js` current and returns its path; `root` is the project (a test passes its own).
 *
 * @returns the bundle's path
 */
function ensureBuilt(name, root = ROOT) {
  const entry = COMMANDS[name];
  if (entry === undefined) throw new Error(`unknown command ${JSON.stringify(name)}; one of ${Object.keys(COMMANDS).join(', ')}`);
  const outfile = path.join(root, 'build', `${name}.js`);
  const recordFile = path.join(root, 'build', `${name}.inputs.json`);
  const options = buildOptions(entry, outfile);
  const optionsKey = JSON.stringify({ ...options, outfile: undefined, esbuild: esbuildVersion() });
  let record;
  try {
    record = JSON.parse(readFileSync(recordFile, 'utf8'));
    statSync(outfile);
  } catch {
    record = undefined;
  }
  const state = upToDate(root, record, optionsKey);
  if (state === true) return outfile;
  if (state !== 'refresh') {
    const result = require('esbuild').buildSync({ ...options, absWorkingDir: root });
    const inputs = {};
    for (const file of Object.keys(result.metafile.inputs).sort()) {
      const stat = statSync(path.join(root, file));
      inputs[file] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(path.join(root, file)) };
    }
    record = { optionsKey, inputs };
  }
  mkdirSync(path.dirname(recordFile), { recursive: true });
  writeFileSync(`${recordFile}.${process.pid}`, JSON.stringify(record));
  renameSync(`${recordFile}.${process.pid}`, recordFile);
  return outfile;
}

module.exports = { ensureBuilt, COMMANDS };

if (require.main === module) {
  const buildOnly = process.argv[2] === '--build';
  const names = buildOnly ? (process.argv.length > 3 ? process.argv.slice(3) : Object.keys(COMMANDS)) : [process.argv[2]];
  let bundle;
  try {
    for (const name of names) bundle = ensureBuilt(name);
  } catch (error) {
    // esbuild has printed its own errors with file and line; anything else is ours.
    if (!(error && Array.isArray(error.errors))) console.error(`scripts/run.cjs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  if (!buildOnly) runCached(bundle, 3);
}
