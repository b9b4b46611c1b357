/**
 * Git and the file system for `npm run diff`: resolve the base, check it out, render it and the working tree
 * into temporary folders. `dist/` is never read or written, except a base's committed `dist/` as a fallback.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { readTree } from '../lib/read-tree';
import { isRunning } from '../lib/write-tree';
import type { Revision } from '../lib/diff/compare';

/** A problem the user can fix (a bad ref, a render that fails): printed without a stack trace. */
export class DiffError extends Error {}

/** The base to compare with: the ref as given and the commit it names. */
export interface Base {
  readonly ref: string;
  readonly commit: string;
  /** How the base was chosen, e.g. `main (merge base 3800ece)`. */
  readonly description: string;
}

/** A rendered revision, and a note when it had to be read from its committed `dist/` instead. */
export interface RenderedRevision extends Revision {
  readonly note?: string;
}

/** This project's esbuild command, found from the bundled script in `build/`, and its package (its version). */
const ESBUILD = join(__dirname, '..', 'node_modules', '.bin', 'esbuild');
const ESBUILD_PACKAGE = join(__dirname, '..', 'node_modules', 'esbuild', 'package.json');

/** Branches whose merge base with HEAD is the default base, in order of preference. */
const MAIN_BRANCHES = ['main', 'origin/main'];

/**
 * The commit to compare with: `ref` when given, else the merge base of HEAD with `main` (or `origin/main`).
 *
 * @throws DiffError outside a Git repository, when the ref names no commit, or when no main branch exists
 */
export function resolveBase(project: string, ref: string | undefined): Base {
  if (git(project, ['rev-parse', '--show-toplevel']).status !== 0) throw new DiffError(`${project} is not in a Git repository`);
  if (ref !== undefined) {
    const commit = commitOf(project, ref);
    if (!commit) throw new DiffError(`--base ${ref}: not a commit in this repository; give a branch, tag or commit id, e.g. --base origin/main`);
    return { ref, commit, description: `${ref} (${commit.slice(0, 7)})` };
  }
  for (const branch of MAIN_BRANCHES) {
    if (!commitOf(project, branch)) continue;
    const mergeBase = git(project, ['merge-base', 'HEAD', branch]);
    if (mergeBase.status !== 0) throw new DiffError(`HEAD and ${branch} have no merge base; give one with --base <ref>`);
    const commit = mergeBase.stdout.trim();
    return { ref: branch, commit, description: `${branch} (merge base ${commit.slice(0, 7)})` };
  }
  throw new DiffError(`no --base given, and neither ${MAIN_BRANCHES.join(' nor ')} exists; give one with --base <ref>`);
}

/**
 * Renders a commit with its own code: its files are extracted to a temporary folder (`git archive`), its
 * `main.ts` built with this project's esbuild and dependencies, and run on its own environments. When that
 * fails (an older layout, a broken commit), its committed `dist/` is used instead and the note says so.
 *
 * @throws DiffError when the commit can be neither rendered nor read from its `dist/`
 */
export function renderCommit(project: string, base: Base): RenderedRevision {
  const cache = renderCache(project, base.commit);
  const cached = cache?.read();
  if (cached) return cached;
  const checkout = scratchDir('maas-diff-base-');
  try {
    extract(project, base.commit, checkout);
    // Dependencies are not in Git: the base uses this checkout's, which is right unless the base pinned others.
    if (!existsSync(join(checkout, 'node_modules'))) symlinkSync(join(project, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    const stages = readStages(checkout);
    let tree: Map<string, string>;
    try {
      tree = render(checkout);
    } catch (error) {
      const committed = join(checkout, 'dist');
      const reason = firstLine(error instanceof Error ? error.message : String(error));
      if (!existsSync(committed)) throw new DiffError(`cannot render the base ${base.ref} (${base.commit.slice(0, 7)}), and it has no dist/: ${reason}`);
      return { tree: readTree(committed), stages, note: `the base could not be rendered (${reason}); compared with its committed dist/` };
    }
    cache?.write({ tree, stages });
    return { tree, stages };
  } finally {
    rmSync(checkout, { recursive: true, force: true });
    scratchDirs.delete(checkout);
  }
}

/** How many rendered commits the cache keeps (the most recently used). */
const CACHED_RENDERS = 8;

/**
 * The render of a commit, kept in the repository's Git folder (`<git common dir>/maas-diff/`, shared by its
 * worktrees): a commit's files never change, so its render changes only with the dependencies it is built
 * with and with this command, which the key covers (this project's package-lock.json, the esbuild and Node
 * versions, the diff command's own bundle). Only renders
 * that succeeded are kept; the most recently used 8 stay.
 */
function renderCache(project: string, commit: string): { read(): RenderedRevision | undefined; write(revision: RenderedRevision): void } | undefined {
  const common = git(project, ['rev-parse', '--git-common-dir']);
  if (common.status !== 0) return undefined;
  const gitDir = common.stdout.trim();
  const folder = join(isAbsolute(gitDir) ? gitDir : join(project, gitDir), 'maas-diff');
  const lock = join(project, 'package-lock.json');
  const key = createHash('sha256')
    .update(`${commit}\0${process.version}\0`)
    .update(readFileSync(__filename))
    .update(existsSync(ESBUILD_PACKAGE) ? readFileSync(ESBUILD_PACKAGE) : '')
    .update(existsSync(lock) ? readFileSync(lock) : '')
    .digest('hex').slice(0, 24);
  const file = join(folder, `${commit.slice(0, 12)}-${key}.json`);
  return {
    read() {
      try {
        const { tree, stages } = JSON.parse(readFileSync(file, 'utf8')) as { tree: [string, string][]; stages: [string, string][] };
        const now = new Date();
        utimesSync(file, now, now); // recently used
        return { tree: new Map(tree), stages: new Map(stages) };
      } catch {
        return undefined;
      }
    },
    write({ tree, stages }) {
      try {
        mkdirSync(folder, { recursive: true });
        writeFileSync(`${file}.${process.pid}`, JSON.stringify({ tree: [...tree], stages: [...stages] }));
        renameSync(`${file}.${process.pid}`, file);
        const kept = readdirSync(folder).filter((name) => name.endsWith('.json'))
          .map((name) => ({ name, used: statSync(join(folder, name)).mtimeMs }))
          .sort((a, b) => b.used - a.used || a.name.localeCompare(b.name));
        for (const { name } of kept.slice(CACHED_RENDERS)) rmSync(join(folder, name), { force: true });
      } catch {
        // A cache that cannot be written costs the next run a render, nothing else.
      }
    },
  };
}

/**
 * Renders the working tree as it is, uncommitted and untracked files included.
 *
 * @throws DiffError with the render's own messages when it fails (an invalid environment file, ...)
 */
export function renderWorkingTree(project: string): RenderedRevision {
  try {
    return { tree: render(project), stages: readStages(project) };
  } catch (error) {
    throw new DiffError(`cannot render the working tree:\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Builds `<source>/main.ts` and runs it on `<source>/environments` into a temporary folder; returns the tree. */
function render(source: string): Map<string, string> {
  const scratch = scratchDir('maas-diff-render-');
  try {
    const entry = join(source, 'main.ts');
    if (!existsSync(entry)) throw new Error('it has no main.ts');
    const bundle = join(scratch, 'main.js');
    // The esbuild command rather than its JS API: the same tool `npm run build` runs, and half a second faster.
    const build = spawnSync(ESBUILD, [entry, '--bundle', '--platform=node', '--target=node20', `--outfile=${bundle}`, '--log-level=error'], {
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`esbuild: ${(build.stderr || build.error?.message || '').trim()}`);
    const out = join(scratch, 'out');
    const run = spawnSync(process.execPath, [bundle, '--environments', join(source, 'environments'), '--out', out], {
      cwd: source,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error((run.stderr || run.stdout || `exit code ${run.status}`).trimEnd());
    return readTree(out);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    scratchDirs.delete(scratch);
  }
}

/** Environment name -> its `stage`, from `<folder>/environments/*.yaml`; files that do not parse have none. */
function readStages(folder: string): Map<string, string> {
  const dir = join(folder, 'environments');
  const stages = new Map<string, string>();
  if (!existsSync(dir)) return stages;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      const stage = (parse(readFileSync(join(dir, file), 'utf8')) as { stage?: unknown } | null)?.stage;
      if (typeof stage === 'string') stages.set(file.slice(0, -'.yaml'.length), stage);
    } catch {
      // The render reports an invalid file with its line; a stage is only needed for the risk flags.
    }
  }
  return stages;
}

/** Writes the files of a commit (the project's folder of it, when the project is not at the repository root). */
function extract(project: string, commit: string, into: string): void {
  const prefix = git(project, ['rev-parse', '--show-prefix']).stdout.trim();
  const archive = spawnSync('git', ['archive', '--format=tar', prefix ? `${commit}:${prefix}` : commit], {
    cwd: project,
    maxBuffer: 1 << 30,
  });
  if (archive.status !== 0) throw new DiffError(`git archive ${commit}: ${String(archive.stderr).trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', into], { input: archive.stdout });
  if (untar.status !== 0) throw new DiffError(`tar: ${String(untar.stderr).trim()}`);
}

function commitOf(project: string, ref: string): string | undefined {
  const result = git(project, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function git(cwd: string, args: string[]): SpawnSyncReturns<string> {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new DiffError(`cannot run git: ${result.error.message}`);
  return result;
}

/** Scratch folders of this run, removed on exit and on SIGINT/SIGTERM; the next run removes those of a killed one. */
const scratchDirs = new Set<string>();
let cleanupInstalled = false;

/**
 * A fresh temporary folder, named `<prefix><pid>-XXXXXX` so that a later run can tell a killed run's
 * leftovers (its process is gone) and remove them.
 *
 * @throws DiffError when $TMPDIR cannot hold it
 */
function scratchDir(prefix: string): string {
  const parent = tmpdir();
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    removeLeftovers(parent);
    process.on('exit', () => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.on(signal, () => process.exit(code));
    }
  }
  let dir: string;
  try {
    dir = mkdtempSync(join(parent, `${prefix}${process.pid}-`));
  } catch (error) {
    throw new DiffError(`cannot create a temporary folder in ${parent} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
      'set TMPDIR to an existing folder you may write to');
  }
  scratchDirs.add(dir);
  return dir;
}

/** Removes the scratch folders of diff runs that were killed (their process no longer runs). */
function removeLeftovers(parent: string): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = /^maas-diff-(?:base|render)-(\d+)-/.exec(entry);
    if (!match || Number(match[1]) === process.pid || isRunning(Number(match[1]))) continue;
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
