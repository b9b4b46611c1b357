import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RENDERED_MARKER, type RenderedTree } from './render';

/** Why the output folder was not (wholly) replaced; the message says what state it is in. */
export class WriteTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteTreeError';
  }
}

/** Options of `writeTree`. */
export interface WriteTreeOptions {
  /**
   * The top-level folders (environments) the tree replaces; the output folder's other folders are left as
   * they are. Every file of the tree must lie in one of them (or be the marker).
   *
   * @default - all: the output folder ends up holding exactly the tree
   */
  readonly environments?: readonly string[];
}

/** What `writeTree` did besides writing the tree: the leftovers of interrupted runs it restored or removed. */
export interface WriteTreeResult {
  readonly notes: readonly string[];
}

/** The list of swaps, written into the staging folder once the new tree in it is complete. */
interface Journal {
  /** Top-level entries of the staging folder that replace those of the output folder. */
  readonly replace: readonly string[];
  /** Top-level entries of the output folder that the new tree no longer has. */
  readonly remove: readonly string[];
}

const JOURNAL = '.swap.json';

/**
 * Replaces an output folder's environments with a rendered tree, so that at every instant a process can die
 * the folder holds each environment wholly old or wholly new, or the complete new tree waits beside it:
 *
 * 1. The tree is written to a sibling folder `.<out>-new-<pid>`; a journal (`.swap.json`) written last marks
 *    it complete.
 * 2. Each top-level folder is swapped by two renames, the old one moved to `.<out>-old-<pid>`.
 * 3. Both siblings are removed, the journal first.
 *
 * The next run (under a lock file `.<out>.lock`, so two renders never interleave) finishes the swap of a
 * complete tree left by a killed run, or removes an incomplete one and moves back what it had moved away,
 * and says so in `notes`. Only a folder that holds the marker `.maas-rendered` (or is empty, or absent) is
 * ever replaced: a mistyped `--out` never deletes anything else.
 *
 * @throws WriteTreeError when the output folder is not one this tool rendered, another render holds the
 *   lock, or a write or rename fails; the message says what the folder holds afterwards
 */
export function writeTree(outDir: string, tree: RenderedTree, options: WriteTreeOptions = {}): WriteTreeResult {
  if (!tree.has(RENDERED_MARKER)) throw new Error(`writeTree: the tree has no ${RENDERED_MARKER}; render it with renderEnvironments`);
  const scope = options.environments === undefined ? undefined : new Set(options.environments);
  if (scope) {
    const outside = [...tree.keys()].filter((file) => file !== RENDERED_MARKER && !scope.has(file.split('/')[0]));
    if (outside.length > 0) throw new Error(`writeTree: ${outside[0]} lies outside the environments to replace (${[...scope].join(', ')})`);
  }
  const siblings = new Siblings(outDir);
  mkdirOrFail(dirname(outDir));
  const release = siblings.lock();
  try {
    const notes = recover(siblings);
    checkReplaceable(outDir);
    const staging = siblings.staging(process.pid);
    writeStaging(staging, tree, outDir);
    const journal = journalFor(outDir, tree, scope);
    writeFileSync(join(staging, JOURNAL), JSON.stringify(journal));
    swap(outDir, staging, siblings.retired(process.pid), journal);
    notes.push(...cleanUp(siblings, process.pid));
    return { notes };
  } finally {
    release();
  }
}

/** The sibling folders and the lock file of an output folder. */
class Siblings {
  readonly parent: string;
  private readonly prefix: string;

  constructor(readonly outDir: string) {
    this.parent = dirname(outDir);
    this.prefix = `.${basename(outDir)}`;
  }

  staging(pid: number): string {
    return join(this.parent, `${this.prefix}-new-${pid}`);
  }

  retired(pid: number): string {
    return join(this.parent, `${this.prefix}-old-${pid}`);
  }

  /** Process ids of the runs that left a staging or retired folder. */
  leftovers(): number[] {
    const pattern = new RegExp(`^${this.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(?:new|old)-(\\d+)$`);
    const pids = readdirSync(this.parent).flatMap((entry) => {
      const match = pattern.exec(entry);
      return match ? [Number(match[1])] : [];
    });
    return [...new Set(pids)].sort((a, b) => a - b);
  }

  /** Takes the lock file; returns its release. A lock left by a process that no longer runs is taken over. */
  lock(): () => void {
    const path = join(this.parent, `${this.prefix}.lock`);
    for (let attempt = 0; attempt < 2; attempt++) {
      let fd: number;
      try {
        fd = openSync(path, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw failure(`cannot take the lock ${path}`, error, `${this.outDir} is unchanged`);
        const holder = Number(readText(path).trim());
        if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
          throw new WriteTreeError(`another render (pid ${holder}) is writing ${this.outDir}; ${this.outDir} is unchanged. ` +
            `Wait for it to finish (if no render is running, remove ${path})`);
        }
        rmSync(path, { force: true });
        continue;
      }
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    }
    throw new WriteTreeError(`cannot take the lock ${path}: another process keeps creating it; ${this.outDir} is unchanged`);
  }
}

/** Finishes or undoes what killed runs left beside the output folder; one note per run. */
function recover(siblings: Siblings): string[] {
  const notes: string[] = [];
  for (const pid of siblings.leftovers()) {
    const staging = siblings.staging(pid);
    const retired = siblings.retired(pid);
    const journal = readJournal(staging);
    if (journal) {
      swap(siblings.outDir, staging, retired, journal);
      notes.push(`finished the swap of an interrupted render (pid ${pid}): ${siblings.outDir} now holds its complete tree`);
    } else {
      const restored = exists(retired) ? restore(siblings.outDir, retired) : [];
      rmSync(staging, { recursive: true, force: true });
      notes.push(`removed the incomplete tree of an interrupted render (pid ${pid})` +
        (restored.length > 0 ? `, and moved back ${restored.join(', ')} into ${siblings.outDir}` : ''));
    }
    rmSync(retired, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
  }
  return notes;
}

/** Moves back every entry of a retired folder that the output folder lacks; returns their names. */
function restore(outDir: string, retired: string): string[] {
  const restored: string[] = [];
  for (const entry of readdirSync(retired).sort()) {
    if (exists(join(outDir, entry))) continue;
    mkdirOrFail(outDir);
    renameSync(join(retired, entry), join(outDir, entry));
    restored.push(entry);
  }
  return restored;
}

/**
 * Refuses an output folder that this tool did not render (it would be deleted): one that holds anything
 * but no `.maas-rendered` marker, a file, a symbolic link. An absent or empty folder is fine.
 *
 * @throws WriteTreeError saying why, and that nothing was changed
 */
export function checkReplaceable(outDir: string): void {
  const stats = lstatOrUndefined(outDir);
  if (stats === undefined) return;
  if (stats.isSymbolicLink()) throw new WriteTreeError(`${outDir} is a symbolic link; refusing to replace it, nothing was changed. Give the folder it points to as --out`);
  if (!stats.isDirectory()) throw new WriteTreeError(`${outDir} is not a folder; refusing to replace it, nothing was changed. Choose a folder for --out`);
  const entries = readdirSync(outDir);
  if (entries.length > 0 && !entries.includes(RENDERED_MARKER)) {
    throw new WriteTreeError(`${outDir} was not rendered by this tool (it holds no ${RENDERED_MARKER} file); refusing to replace it, ` +
      'nothing was changed. Choose an empty or new folder for --out');
  }
}

function writeStaging(staging: string, tree: RenderedTree, outDir: string): void {
  rmSync(staging, { recursive: true, force: true });
  try {
    mkdirSync(staging, { recursive: true });
    // One mkdir per folder, not per file: at 16,000 files the extra system calls cost as much as the writes.
    const folders = new Set<string>();
    for (const [file, content] of tree) {
      const path = join(staging, file);
      const folder = dirname(path);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      writeFileSync(path, content);
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw failure(`could not write the new tree in ${staging}`, error, `${outDir} is unchanged`);
  }
}

function journalFor(outDir: string, tree: RenderedTree, scope: ReadonlySet<string> | undefined): Journal {
  const replace = [...new Set([...tree.keys()].map((file) => file.split('/')[0]))].sort();
  const current = exists(outDir) ? readdirSync(outDir) : [];
  const remove = current.filter((entry) => !replace.includes(entry) && (scope === undefined || scope.has(entry))).sort();
  return { replace, remove };
}

/**
 * Moves each entry of the journal from the staging folder into the output folder, the old one aside into
 * the retired folder. Idempotent: run again after a kill, it continues where it stopped.
 *
 * @throws WriteTreeError saying which entries are new and where the rest waits, when a rename fails
 */
function swap(outDir: string, staging: string, retired: string, journal: Journal): void {
  const movedIn: string[] = [];
  try {
    mkdirSync(outDir, { recursive: true });
    mkdirSync(retired, { recursive: true });
    for (const entry of journal.replace) {
      const source = join(staging, entry);
      const target = join(outDir, entry);
      const sourceStats = lstatOrUndefined(source);
      if (sourceStats === undefined) continue;
      const targetStats = lstatOrUndefined(target);
      // A file replaces a file in one rename; a folder cannot, so the old one moves aside first.
      if (targetStats !== undefined && !(sourceStats.isFile() && targetStats.isFile())) {
        rmSync(join(retired, entry), { recursive: true, force: true });
        renameSync(target, join(retired, entry));
      }
      renameSync(source, target);
      movedIn.push(entry);
    }
    for (const entry of journal.remove) {
      if (!exists(join(outDir, entry))) continue;
      rmSync(join(retired, entry), { recursive: true, force: true });
      renameSync(join(outDir, entry), join(retired, entry));
    }
  } catch (error) {
    throw failure(`could not replace the environments of ${outDir}`, error, rollBack(outDir, staging, retired, movedIn));
  }
}

/** Undoes the renames of a failed swap; returns what the output folder holds afterwards. */
function rollBack(outDir: string, staging: string, retired: string, movedIn: readonly string[]): string {
  try {
    for (const entry of [...movedIn].reverse()) renameSync(join(outDir, entry), join(staging, entry));
    if (exists(retired)) restore(outDir, retired);
    rmSync(join(staging, JOURNAL), { force: true });
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
    return `${outDir} is unchanged`;
  } catch {
    return `${outDir} holds the new ${movedIn.join(', ') || 'nothing'} and the old rest; the complete new tree waits in ${staging}, ` +
      'and the next render finishes the swap';
  }
}

/** Removes the siblings of a finished swap, the journal first; a failure is a note, since the swap is done. */
function cleanUp(siblings: Siblings, pid: number): string[] {
  const staging = siblings.staging(pid);
  const retired = siblings.retired(pid);
  try {
    rmSync(retired, { recursive: true, force: true });
    rmSync(join(staging, JOURNAL), { force: true });
    rmSync(staging, { recursive: true, force: true });
    return [];
  } catch (error) {
    return [`${siblings.outDir} holds the new tree, but the old one could not be removed (${errorText(error)}); ` +
      `the next render removes ${retired} and ${staging}, or remove them yourself`];
  }
}

function readJournal(staging: string): Journal | undefined {
  try {
    const journal = JSON.parse(readFileSync(join(staging, JOURNAL), 'utf8')) as Journal;
    return Array.isArray(journal.replace) && Array.isArray(journal.remove) ? journal : undefined;
  } catch {
    return undefined;
  }
}

function failure(what: string, error: unknown, state: string): WriteTreeError {
  return new WriteTreeError(`${what}: ${errorText(error)}; ${state}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function mkdirOrFail(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw failure(`cannot create ${dir}`, error, 'nothing was written');
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Whether a process with this id runs (one of another user counts: signalling it is refused, not unknown). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function exists(path: string): boolean {
  return lstatOrUndefined(path) !== undefined;
}
