import { CONTROLLER_EFFECTS } from '../../upstream/controller-effects';
import { SYNC_KIND_ORDER, SYNC_PHASES } from '../../upstream/argocd-sync';
import type { ControllerEffect, CreatedObject, EffectContext, ObjectRef } from '../../upstream/types';
import type { Finding } from '../manifests';
import { healthOf, type HealthStatus, luaScriptFor, prefetchHealth, type ShippedCheck } from './health';
import { annotations, type ClusterObject, clusterFinding, key, label, matches, nextGeneration } from './world';

/** One step of a sync: a phase and wave, the objects applied in it and what happens. */
export interface SyncStep {
  readonly phase: string;
  readonly wave: number;
  readonly objects: readonly ClusterObject[];
  /** `passes`, `stops: ...` or `not reached`. */
  readonly outcome: string;
}

/** What a simulated sync found. */
export interface SyncResult {
  readonly steps: readonly SyncStep[];
  readonly findings: readonly Finding[];
  /** Kinds with no row in the table of controller effects: listed, never passed silently. */
  readonly notModelled: readonly string[];
  /** Objects read but provided by the platform, assumed present. */
  readonly prerequisites: readonly string[];
}

/** An object a controller created, and which rendered object's controller created it. */
export interface Created {
  readonly object: CreatedObject;
  readonly by: ClusterObject;
}

const readsMemo = new WeakMap<ClusterObject, readonly ObjectRef[]>();
const createsMemo = new WeakMap<ClusterObject, readonly CreatedObject[]>();

/** What an object's controller reads, computed once per object. */
function readsOf(object: ClusterObject, row: ControllerEffect): readonly ObjectRef[] {
  if (!readsMemo.has(object)) readsMemo.set(object, row.reads(object.upstream));
  return readsMemo.get(object) ?? [];
}

/** What an object's controller creates, computed once per object. */
export function createsOf(object: ClusterObject): readonly CreatedObject[] {
  if (!createsMemo.has(object)) createsMemo.set(object, CONTROLLER_EFFECTS.get(object.groupKind)?.creates(object.upstream) ?? []);
  return createsMemo.get(object) ?? [];
}

function refOf(object: ClusterObject): ObjectRef {
  return { kind: object.groupKind, name: object.manifest.name, namespace: object.manifest.namespace || undefined };
}

/** The phase of an object: its hook annotation, else `Sync`. argoproj/gitops-engine pkg/sync/hook/hook.go@4c6e03c46314. */
function phaseOf(object: ClusterObject): string {
  const hook = annotations(object)['argocd.argoproj.io/hook'];
  return hook && SYNC_PHASES.includes(hook) ? hook : 'Sync';
}

/** The wave: the annotation when it is an integer, else 0. argoproj/gitops-engine pkg/sync/syncwaves/waves.go@4c6e03c46314. */
export function waveOf(object: ClusterObject): number {
  const text = annotations(object)['argocd.argoproj.io/sync-wave'];
  return text !== undefined && /^[-+]?\d+$/.test(text.trim()) ? Number(text) : 0;
}

/** gitops-engine's task order: phase, wave, kind (listed kinds first), name. pkg/sync/sync_tasks.go@4c6e03c46314. */
export function syncOrder(objects: readonly ClusterObject[]): ClusterObject[] {
  const kindRank = (kind: string) => {
    const index = SYNC_KIND_ORDER.indexOf(kind);
    return index < 0 ? 0 : index - SYNC_KIND_ORDER.length;
  };
  return [...objects].sort((a, b) =>
    SYNC_PHASES.indexOf(phaseOf(a)) - SYNC_PHASES.indexOf(phaseOf(b)) || waveOf(a) - waveOf(b) ||
    kindRank(a.manifest.kind) - kindRank(b.manifest.kind) || (a.manifest.name < b.manifest.name ? -1 : a.manifest.name > b.manifest.name ? 1 : 0));
}

/** The cluster as the controllers leave it: rendered objects applied, created objects present. */
export class ClusterState {
  readonly applied = new Map<string, ClusterObject>();
  readonly created = new Map<string, Created>();
  readonly prerequisites = new Set<string>();

  /**
   * Applied and created objects by kind, for `exists`: by exact name, and those whose name ends in `*` (which
   * match many names), so that a lookup does not scan every object of the kind.
   */
  private readonly byKind = new Map<string, { all: ObjectRef[]; byName: Map<string, ObjectRef[]>; patterns: ObjectRef[] }>();

  apply(object: ClusterObject): void {
    this.applied.set(key(refOf(object)), object);
    this.index(refOf(object));
  }

  private index(ref: ObjectRef): void {
    let kind = this.byKind.get(ref.kind);
    if (kind === undefined) {
      kind = { all: [], byName: new Map(), patterns: [] };
      this.byKind.set(ref.kind, kind);
    }
    kind.all.push(ref);
    if (ref.name.endsWith('*')) kind.patterns.push(ref);
    else kind.byName.set(ref.name, [...(kind.byName.get(ref.name) ?? []), ref]);
  }

  exists(ref: ObjectRef): boolean {
    if (ref.prerequisite) {
      this.prerequisites.add(`${label(ref)} (${ref.prerequisite})`);
      return true;
    }
    const kind = this.byKind.get(ref.kind);
    if (kind === undefined) return false;
    const candidates = ref.name === '*' ? kind.all : [...(kind.byName.get(ref.name) ?? []), ...kind.patterns];
    return candidates.some((candidate) => matches(ref, candidate));
  }

  ready(object: ClusterObject, row: ControllerEffect): boolean {
    return readsOf(object, row).every((ref) => this.exists(ref));
  }

  /** Objects whose every creation exists: settling skips them (what exists only grows). */
  private readonly settled = new WeakSet<ClusterObject>();

  /** Runs every controller until nothing new appears. */
  settle(): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const object of this.applied.values()) {
        if (this.settled.has(object)) continue;
        const row = CONTROLLER_EFFECTS.get(object.groupKind);
        if (!row) continue;
        let ready: boolean | undefined;
        let waiting = false;
        for (const created of createsOf(object)) {
          const id = key(created);
          if (this.created.has(id)) continue;
          if (created.when === 'reconciled' || (ready ??= this.ready(object, row))) {
            this.created.set(id, { object: created, by: object });
            this.index(created);
            changed = true;
          } else {
            waiting = true;
          }
        }
        if (waiting) continue;
        // As before it is skipped: its reads noted once (`exists` records what is assumed present).
        ready ??= this.ready(object, row);
        this.settled.add(object);
      }
    }
  }
}

/** Options of one simulated sync. */
export interface SyncOptions {
  /** The health checks the environment ships. */
  readonly checks: ReadonlyMap<string, ShippedCheck>;
  /** For an update sync: the objects of the previous sync, all healthy; absent for the first sync. */
  readonly previous?: readonly ClusterObject[];
  /** `first sync` or `update sync`, in messages. */
  readonly name: string;
}

function statusOf(status: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(status).length === 0 ? undefined : status;
}

/** The object as Argo CD sees it with `status` (an empty record: no status yet). */
function withStatus(object: ClusterObject, status: Record<string, unknown>): Record<string, unknown> {
  return { ...object.upstream, status: statusOf(status) };
}

/** Every status the simulation may ask the health of, run in one Lua process. */
function prefetch(objects: readonly ClusterObject[], checks: ReadonlyMap<string, ShippedCheck>, context: EffectContext | undefined): void {
  prefetchHealth(objects.flatMap((object) => {
    const row = CONTROLLER_EFFECTS.get(object.groupKind);
    const script = luaScriptFor(object.groupKind, checks);
    if (!row || !script) return [];
    const statuses = [...row.statuses(object.upstream), ...(context ? row.statuses(object.upstream, context) : []), ...(row.waiting ? [row.waiting(object.upstream)] : [])];
    return statuses.map((status) => ({ script, object: withStatus(object, status) }));
  }));
}

function specChanged(a: ClusterObject, b: ClusterObject): boolean {
  // A file the change did not touch is the very object read before.
  if (a.manifest === b.manifest) return false;
  return comparable(a) !== comparable(b);
}

const COMPARABLE = new WeakMap<ClusterObject, string>();

/** What Argo CD compares: the object without the metadata the cluster adds, as text; once per object. */
function comparable(o: ClusterObject): string {
  let text = COMPARABLE.get(o);
  if (text === undefined) {
    const metadata = o.manifest.value.metadata as Record<string, unknown> | undefined;
    text = JSON.stringify({ ...o.manifest.value, metadata: { labels: metadata?.labels, annotations: metadata?.annotations } });
    COMPARABLE.set(o, text);
  }
  return text;
}

/**
 * Steps through a sync as Argo CD and the controllers would: each phase and wave applied in gitops-engine's
 * order; a wave completes when every object in it is Healthy (or has no health); controllers create what the
 * table of controller effects says, when it says. Stops where Argo CD would stop, and says why.
 */
export function simulateSync(objects: readonly ClusterObject[], options: SyncOptions): SyncResult {
  const findings: Finding[] = [];
  const notModelled = new Set<string>();
  const state = new ClusterState();
  const previousByKey = new Map((options.previous ?? []).map((o) => [key(refOf(o)), o]));
  const currentByKey = new Map(objects.map((o) => [key(refOf(o)), o]));
  if (options.previous) {
    // What changed since the last sync is at the next generation.
    objects = objects.map((o) => {
      const before = previousByKey.get(key(refOf(o)));
      return before && specChanged(before, o) ? nextGeneration(o) : o;
    });
  }
  let tasks = syncOrder(objects);
  if (options.previous) {
    for (const object of options.previous) state.apply(object);
    state.settle();
    // Objects unchanged since the last sync are in sync: Argo CD applies the others.
    tasks = tasks.filter((o) => {
      const before = previousByKey.get(key(refOf(o)));
      if (before && !specChanged(before, o)) {
        state.apply(o);
        return false;
      }
      return true;
    });
  }
  const context: EffectContext = {
    previous: (ref) => previousByKey.get(key(ref))?.upstream,
    current: (ref) => currentByKey.get(key(ref))?.upstream,
  };
  const ordered = syncOrder(objects);
  const waveOfCreator = (ref: ObjectRef): { by: ClusterObject; phase: string; wave: number } | undefined => {
    for (const object of ordered) {
      if (matches(ref, refOf(object)) || createsOf(object).some((c) => matches(ref, c))) {
        return { by: object, phase: phaseOf(object), wave: waveOf(object) };
      }
    }
    return undefined;
  };

  prefetch(objects, options.checks, options.previous ? context : undefined);
  const steps: SyncStep[] = [];
  const groups: ClusterObject[][] = [];
  for (const object of tasks) {
    const last = groups[groups.length - 1];
    if (last && phaseOf(last[0]) === phaseOf(object) && waveOf(last[0]) === waveOf(object)) last.push(object);
    else groups.push([object]);
  }
  let stopped = false;
  for (const group of groups) {
    const [phase, wave] = [phaseOf(group[0]), waveOf(group[0])];
    const where = `${phase === 'Sync' ? '' : `${phase} `}wave ${wave}`;
    if (stopped) {
      steps.push({ phase, wave, objects: group, outcome: 'not reached' });
      continue;
    }
    for (const object of group) state.apply(object);
    state.settle();
    const stops: string[] = [];
    for (const object of group) {
      const row = CONTROLLER_EFFECTS.get(object.groupKind);
      if (!row) {
        notModelled.add(object.groupKind);
        continue;
      }
      const statuses = row.statuses(object.upstream, options.previous ? context : undefined);
      const ready = state.ready(object, row);
      const health = (status: Record<string, unknown>) => healthOf(object.groupKind, withStatus(object, status), options.checks).health;
      const final = statuses[statuses.length - 1];
      const current: HealthStatus | undefined = health(ready ? final : row.waiting?.(object.upstream) ?? statuses[Math.max(0, statuses.length - 2)]);
      if (!current || current.status === 'Healthy') continue;
      const state_ = current.status === 'Degraded' ? `is Degraded ("${current.message}")` : `stays ${current.status} ("${current.message}")`;
      let reason: string;
      let rule = 'cluster-sync';
      if (ready) {
        reason = `${label(refOf(object))} ${state_}`;
        rule = 'cluster-health-final';
      } else {
        const missing = readsOf(object, row).filter((ref) => !state.exists(ref));
        const causes = missing.map((ref) => {
          const creator = waveOfCreator(ref);
          if (!creator) {
            rule = 'cluster-sync-missing';
            return `${label(ref)}, which nothing renders or creates`;
          }
          const later = SYNC_PHASES.indexOf(creator.phase) > SYNC_PHASES.indexOf(phase) || (creator.phase === phase && creator.wave > wave);
          if (later) rule = 'cluster-sync-order';
          const madeBy = matches(ref, refOf(creator.by)) ? 'rendered' : `created by ${creator.by.manifest.kind}${creator.by.manifest.namespace ? ` ${creator.by.manifest.namespace}` : ''}/${creator.by.manifest.name}`;
          return `${label(ref)}, ${madeBy} in ${creator.phase === 'Sync' ? '' : `${creator.phase} `}wave ${creator.wave}${later ? '' : ' (not ready)'}`;
        });
        reason = `${label(refOf(object))} waits for ${causes.join(' and ')}; it ${state_}`;
      }
      stops.push(reason);
      findings.push(clusterFinding(object, '', rule, `${options.name} stops at ${where}: ${reason}`));
    }
    if (stops.length > 0) {
      stopped = true;
      steps.push({ phase, wave, objects: group, outcome: `stops: ${stops.join('; ')}` });
    } else {
      steps.push({ phase, wave, objects: group, outcome: 'passes' });
    }
  }
  if (options.previous) findings.push(...unwatchedChanges(objects, previousByKey, options.name));
  else {
    // Every status before the last is passed through on a normal start (lib/upstream/types.ts).
    const stopped = new Set(findings.map((f) => f.object));
    findings.push(...startupDegraded(objects, options.checks).filter((f) => !stopped.has(f.object)));
  }
  return { steps, findings, notModelled: [...notModelled].sort(), prerequisites: [...state.prerequisites].sort() };
}

/**
 * Objects whose health check calls a status they pass through on a normal start Degraded: Argo CD fails the
 * sync there (gitops-engine pkg/sync/sync_context.go@4c6e03c46314) and only a retry continues it.
 */
function startupDegraded(objects: readonly ClusterObject[], checks: ReadonlyMap<string, ShippedCheck>): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
    const statuses = CONTROLLER_EFFECTS.get(object.groupKind)?.statuses(object.upstream) ?? [];
    for (const status of statuses.slice(0, -1)) {
      const h = healthOf(object.groupKind, withStatus(object, status), checks).health;
      if (h?.status === 'Degraded') {
        findings.push(clusterFinding(object, '', 'cluster-health-startup',
          `while it starts, ${label(refOf(object))} reports ${JSON.stringify(status)}, which its health check calls Degraded ("${h.message}"): the sync fails and only a retry continues it`));
        break;
      }
    }
  }
  return findings;
}

/** Where the unwatched read of the Product's issuer Secret was read. */
const UNWATCHED_SOURCE = '3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA';

/**
 * An object that did not change but reads, without watching, an object that did: its controller never sees
 * the change (e.g. the Product and the issuer Secret, 3scale/3scale-operator controllers/capabilities/proxy.go).
 */
function unwatchedChanges(objects: readonly ClusterObject[], previous: ReadonlyMap<string, ClusterObject>, name: string): Finding[] {
  const findings: Finding[] = [];
  const changedCreators = objects.filter((o) => {
    const before = previous.get(key(refOf(o)));
    return before !== undefined && specChanged(before, o);
  });
  for (const object of objects) {
    const row = CONTROLLER_EFFECTS.get(object.groupKind);
    const before = previous.get(key(refOf(object)));
    if (!row?.unwatchedReads || !before || specChanged(before, object)) continue;
    for (const ref of row.unwatchedReads(object.upstream)) {
      const creator = changedCreators.find((c) => CONTROLLER_EFFECTS.get(c.groupKind)?.creates(c.upstream).some((created) => matches(ref, created)));
      if (creator) {
        findings.push(clusterFinding(object, '', 'cluster-update-unwatched',
          `${name}: ${label(ref)} changes (${label(refOf(creator))} changed) but ${label(refOf(object))} does not, and ${row.controller} does not watch ${label(ref)}: the change never takes effect (${UNWATCHED_SOURCE})`));
      }
    }
  }
  return findings;
}
