import { structuredPatch } from 'diff';
import { environmentContents, objectYaml, sameData, type EnvironmentContent, type KubeObject } from './content';

/** Lines of context around each change in a diff: enough to place it, few enough to stay compact. */
export const CONTEXT_LINES = 2;

/** One rendered revision: its output tree and the `stage` of each environment file. */
export interface Revision {
  /** Path under the output folder -> content, e.g. `dev/serving/namespace.maas-models.yaml`. */
  readonly tree: ReadonlyMap<string, string>;
  /** Environment name -> `stage` of `environments/<name>.yaml` (`dev`, `staging`, `prod`). */
  readonly stages: ReadonlyMap<string, string>;
}

/** An object or a file added, removed or changed. */
export interface Change {
  readonly type: 'added' | 'removed' | 'changed';
  /** `Kind namespace/name` for an object; the path under the output folder for another file. */
  readonly subject: string;
  /** The object before the change; absent when added, and for files that are not objects. */
  readonly before?: KubeObject;
  /** The object after the change; absent when removed, and for files that are not objects. */
  readonly after?: KubeObject;
  /** Unified diff of a changed object's YAML or a changed file: hunk headers and lines; empty otherwise. */
  readonly diff: readonly string[];
}

/** What happened to one environment. */
export interface EnvironmentDiff {
  readonly name: string;
  /** `stage` of the environment file, from the new revision if it has one. */
  readonly stage?: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Added, then removed, then changed; each group sorted by subject. */
  readonly changes: readonly Change[];
}

const EMPTY: EnvironmentContent = { objects: new Map(), files: new Map() };
const STAGE_ORDER = ['dev', 'staging', 'prod'];

/**
 * Compares two rendered revisions environment by environment. Objects are matched by API group, kind,
 * namespace and name, never by file: a file renamed with the same object in it is no change, and a renamed
 * object is one removed and one added (which is what the cluster sees). Key order and YAML formatting do not
 * count as changes. Environments come in promotion order (dev, staging, prod, then others), then by name.
 */
export function compareRevisions(base: Revision, head: Revision): EnvironmentDiff[] {
  const before = environmentContents(base.tree);
  const after = environmentContents(head.tree);
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names
    .map((name): EnvironmentDiff => {
      const changes = compareEnvironment(before.get(name) ?? EMPTY, after.get(name) ?? EMPTY);
      const status = !before.has(name) ? 'added' : !after.has(name) ? 'removed' : changes.length > 0 ? 'changed' : 'unchanged';
      return { name, stage: head.stages.get(name) ?? base.stages.get(name), status, changes };
    })
    .sort((a, b) => compareBy(stageRank(a.stage), stageRank(b.stage)) || compareBy(a.name, b.name));
}

function compareEnvironment(before: EnvironmentContent, after: EnvironmentContent): Change[] {
  const added: Change[] = [];
  const removed: Change[] = [];
  const changed: Change[] = [];
  for (const [key, old] of before.objects) {
    const current = after.objects.get(key);
    if (!current) removed.push({ type: 'removed', subject: old.subject, before: old.object, diff: [] });
    else if (!sameData(old.object, current.object)) {
      const diff = unifiedDiff(objectYaml(old.object), objectYaml(current.object));
      changed.push({ type: 'changed', subject: current.subject, before: old.object, after: current.object, diff });
    }
  }
  for (const [key, current] of after.objects) {
    if (!before.objects.has(key)) added.push({ type: 'added', subject: current.subject, after: current.object, diff: [] });
  }
  for (const [path, old] of before.files) {
    const current = after.files.get(path);
    if (current === undefined) removed.push({ type: 'removed', subject: path, diff: [] });
    else if (current !== old) changed.push({ type: 'changed', subject: path, diff: unifiedDiff(old, current) });
  }
  for (const path of after.files.keys()) {
    if (!before.files.has(path)) added.push({ type: 'added', subject: path, diff: [] });
  }
  const bySubject = (a: Change, b: Change) => compareBy(a.subject, b.subject);
  return [...added.sort(bySubject), ...removed.sort(bySubject), ...changed.sort(bySubject)];
}

/**
 * Hunks of a unified diff (`@@ -a,b +c,d @@` and the lines under it), without file headers. Like git's
 * function context, a YAML hunk header names the mapping keys that hold its first change
 * (`@@ -20,3 +20,3 @@ spec.applicationPlans.basic.limits`), so a changed limit names its plan.
 */
export function unifiedDiff(before: string, after: string): string[] {
  const patch = structuredPatch('before', 'after', before, after, undefined, undefined, { context: CONTEXT_LINES });
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  return patch.hunks.flatMap((h) => {
    const first = h.lines.findIndex((l) => l.startsWith('+') || l.startsWith('-'));
    const context = h.lines.slice(0, first).filter((l) => !l.startsWith('\\')).length;
    const removed = h.lines[first]?.startsWith('-');
    const path = removed ? yamlPathAt(beforeLines, h.oldStart - 1 + context) : yamlPathAt(afterLines, h.newStart - 1 + context);
    return [`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${path === '' ? '' : ` ${path}`}`, ...h.lines];
  });
}

/** The mapping keys that enclose a line of block YAML, outermost first, e.g. `spec.applicationPlans.basic`. */
export function yamlPathAt(lines: readonly string[], index: number): string {
  const keys: string[] = [];
  let indent = indentOf(lines[index] ?? '');
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const line = lines[i];
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const own = indentOf(line);
    if (own >= indent) continue;
    const key = /^\s*(?:- )?([^\s:#][^:#]*):(?:\s|$)/.exec(line)?.[1];
    if (key !== undefined) keys.unshift(key.trim());
    indent = own;
  }
  return keys.join('.');
}

/** Indentation of a line; a list item's content (`- key: v`) is indented past its dash. */
function indentOf(line: string): number {
  const match = /^(\s*)(- )?/.exec(line);
  return (match?.[1].length ?? 0) + (match?.[2] ? 2 : 0);
}

/** Counts by type, e.g. `1 added, 2 changed`. */
export function countChanges(changes: readonly Change[]): string {
  return (['added', 'removed', 'changed'] as const)
    .map((type) => [type, changes.filter((c) => c.type === type).length] as const)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
}

function stageRank(stage: string | undefined): number {
  const rank = STAGE_ORDER.indexOf(stage ?? '');
  return rank < 0 ? STAGE_ORDER.length : rank;
}

/** Locale-independent ordering: the same on every machine. */
export function compareBy<T extends string | number>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
