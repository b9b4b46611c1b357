#!/usr/bin/env node
// Runs a bundled command (build/<name>.js) with V8's code cache, so that Node does not compile the 3.7 MB
// bundle (cdk8s, the generated imports) from scratch on every run: about 60 ms of a 0.22 s render.
//
//   node scripts/run-cached.cjs build/main.js [args...]
//
// The cache lives in node_modules/.cache/maas-gitops/, keyed by the bundle's content, the Node version and
// the architecture; a stale or rejected cache is replaced, a missing one is created after the first run.
// Behaviour is the bundle's own: same arguments, output and exit code. Where Node has it built in
// (module.enableCompileCache, Node 22.1 and later) that is used, with the same folder; on Node 20 the bundle is
// compiled through vm.Script with cachedData, below.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

/**
 * Runs the bundle `file` as Node runs a main module, through the code cache. `argvStart` is the index in
 * process.argv of the bundle's first own argument (the launcher's own arguments are removed).
 */
function runCached(file, argvStart) {
  file = path.resolve(file);
  const cacheDir = path.resolve(__dirname, '..', 'node_modules', '.cache', 'maas-gitops');
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(cacheDir);
    process.argv.splice(1, argvStart - 1, file);
    // Loaded as the main module, as `node build/<name>.js` would (require.main, process.mainModule).
    Module.runMain(file);
    return;
  }
  const source = readFileSync(file, 'utf8');
  // Keyed by content: `npm run synth` rebuilds the bundle every time (same bytes, new mtime), and V8 checks
  // only the source's length before using cached code.
  const key = createHash('sha256').update(`${process.version} ${process.arch}\n`).update(source).digest('hex').slice(0, 16);
  const name = path.basename(file, '.js');
  const cacheFile = path.join(cacheDir, `${name}-${key}.v8cache`);

  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }

  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written on exit, so that the functions the run compiled are in the cache too.
    process.once('exit', () => {
      try {
        mkdirSync(cacheDir, { recursive: true });
        const temporary = `${cacheFile}.${process.pid}`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
        // Only the current bundle's cache is kept.
        for (const old of readdirSync(cacheDir)) {
          if (old.startsWith(`${name}-`) && old.endsWith('.v8cache') && old !== path.basename(cacheFile)) rmSync(path.join(cacheDir, old), { force: true });
        }
      } catch {
        // A read-only or full disk only costs the next run its speed.
      }
    });
  }

  // Run the bundle as Node runs a main module: its own `module`, `require`, file name, and argv without us.
  const bundle = new Module(file, null);
  bundle.filename = file;
  bundle.paths = Module._nodeModulePaths(path.dirname(file));
  process.argv.splice(1, argvStart - 1, file);
  process.mainModule = bundle;
  script.runInThisContext()(bundle.exports, Module.createRequire(file), bundle, file, path.dirname(file));
}

module.exports = { runCached };

if (require.main === module) runCached(process.argv[2] ?? '', 3);
