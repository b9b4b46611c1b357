import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatAnnotations } from './lib/config/annotations';
import { closest, listAllowed } from './lib/config/did-you-mean';
import { InvalidEnvironmentsError, loadEnvironments } from './lib/config/load';
import { environmentJsonSchema } from './lib/config/json-schema';
import { readTree } from './lib/read-tree';
import { isRealmImportFile, realmImportDrift } from './lib/realm-import-drift';
import { renderEnvironments } from './lib/render';
import { checkReplaceable, writeTree, WriteTreeError } from './lib/write-tree';

const USAGE = `Usage: node build/main.js [--environments DIR] [--out DIR] [--env NAME]... [--write-json-schema FILE]

Renders every environments/*.yaml into <out>/<env>/, atomically: on any error nothing is written.
  --environments DIR        environment files (default: environments)
  --out DIR                 output folder (default: $CDK8S_OUTDIR, else dist)
  --env NAME[,NAME]         render only these environments (repeatable); the other folders of <out> are left as
                            they are, and only these environment files are read
  --write-json-schema FILE  write the environment files' JSON Schema to FILE instead of rendering`;

// zod compiles each object schema to a function on first use; for a handful of environment files per run,
// interpreting is faster (about 20 ms of a 0.2 s render) and parses the same.
z.config({ jitless: true });

/** The output folder, once the arguments are read: what the failure message describes. */
let outFolder: string | undefined;

/**
 * "Nothing was written.", and, when the output folder is missing, why: `cdk8s synth` removes it before it runs
 * this app (cdk8s-team/cdk8s-cli lib/cli/cmds/synth.js@v2.207.60, the installed CLI: `fs.rmSync(outdir)` first),
 * so after a failure there the folder is gone.
 */
function nothingWritten(): string {
  if (outFolder === undefined || existsSync(outFolder)) return 'Nothing was written.';
  return `Nothing was written, and ${relative(process.cwd(), outFolder) || '.'}/ does not exist: the cdk8s CLI removes it before running this app (\`npm run synth\` leaves it as it was); run \`npm run synth\` once the problems are fixed.`;
}

function main(): number {
  const { values } = parseArgs({
    options: {
      environments: { type: 'string', default: 'environments' },
      out: { type: 'string', default: process.env.CDK8S_OUTDIR ?? 'dist' },
      'write-json-schema': { type: 'string' },
      env: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values['write-json-schema']) {
    writeFileSync(values['write-json-schema'], environmentJsonSchema());
    return 0;
  }
  const out = resolve(values.out);
  outFolder = out;
  const only = values.env === undefined ? undefined : selectedEnvironments(values.env, resolve(values.environments), values.environments);
  const environments = loadEnvironments(resolve(values.environments), process.cwd(), only);
  const tree = renderEnvironments(environments);
  const inScope = (file: string) => only === undefined || only.includes(file.split('/')[0]);
  // Before reading it: a folder this tool did not render is neither read nor replaced.
  checkReplaceable(out);
  // Only realm imports are compared: reading every committed file would cost as much as writing them.
  // The folder is replaced whatever it holds: a dangling link or a loop in it only skips the comparison.
  let committed: Map<string, string> | undefined;
  try {
    committed = readTree(out, (file) => isRealmImportFile(file) && inScope(file));
  } catch (error) {
    console.warn(`warning: realm imports not compared with ${values.out}/: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (committed) for (const warning of realmImportDrift(committed, tree)) console.warn(warning);
  const { notes } = writeTree(out, tree, only === undefined ? {} : { environments: only });
  for (const note of notes) console.warn(`note: ${note}`);
  console.log(`rendered ${environments.map((e) => e.name).join(', ')}: ${tree.size} files in ${values.out}/` +
    (only === undefined ? '' : ' (its other environments untouched)'));
  return 0;
}

/**
 * The names given with `--env` (repeated or comma-separated), sorted and without repeats.
 *
 * @throws Error naming an empty or unknown name, with the closest environment file and the list of them
 */
function selectedEnvironments(given: readonly string[], dir: string, shownDir: string): string[] {
  const names = [...new Set(given.flatMap((item) => item.split(',')).map((name) => name.trim()))].sort();
  let known: string[] | undefined;
  try {
    known = readdirSync(dir).filter((f) => !f.startsWith('.') && f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
  } catch {
    // A missing or unreadable folder: loadEnvironments says so.
    return names;
  }
  for (const name of names) {
    if (name === '') throw new Error(`--env: an empty environment name; give names of files in ${shownDir}/ (${known.join(', ')})`);
    if (!known.includes(name)) {
      const suggestion = closest(name, known);
      throw new Error(`--env: no environment ${JSON.stringify(name)} (no ${shownDir}/${name}.yaml)` +
        `${suggestion === undefined ? '.' : `; did you mean ${JSON.stringify(suggestion)}?`} Environments: ${listAllowed(name, known)}`);
    }
  }
  return names;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof InvalidEnvironmentsError) {
    console.error(`${error.message}\n${nothingWritten()}`);
    // On GitHub Actions the problems also land on the pull request's lines.
    if (process.env.GITHUB_ACTIONS === 'true') console.log(formatAnnotations(error.problemsByFile));
  } else if (error instanceof WriteTreeError) {
    // Its message says what the output folder holds now.
    console.error(`render failed: ${error.message}`);
  } else {
    console.error(`render failed: ${error instanceof Error ? error.message : String(error)}\n${nothingWritten()}`);
  }
  process.exitCode = 1;
}
