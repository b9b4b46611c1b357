/**
 * Where a profiled run spends its time, read from a V8 CPU profile (`node --cpu-prof`): what `npm run bench`
 * prints under a target it does not meet, so that the reason is a measurement rather than a guess.
 */

/** The parts of a `.cpuprofile` file (Chrome DevTools' format, written by `node --cpu-prof`) read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  /** The node sampled at each tick. */
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

/** One function of a profile: time in it and in what it calls (total), and in it alone (self). */
export interface ProfileRow {
  /** `name (file:line)`; V8's own entries (`(garbage collector)`, `(program)`) as they are. */
  readonly name: string;
  readonly totalMs: number;
  readonly selfMs: number;
}

/**
 * Every function of the profile with its total and self time, most total time first. A function on the
 * stack more than once (recursion) counts once per sample.
 */
export function profileRows(profile: CpuProfile): { readonly sampledMs: number; readonly rows: ProfileRow[] } {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = new Map<string, number>();
  const self = new Map<string, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    sampled += micros;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node === undefined) break;
      const name = nameOf(node.callFrame);
      if (at === id) self.set(name, (self.get(name) ?? 0) + micros);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + micros);
    }
  });
  const rows = [...total].map(([name, micros]) => ({ name, totalMs: micros / 1000, selfMs: (self.get(name) ?? 0) / 1000 }));
  return { sampledMs: sampled / 1000, rows: rows.sort((a, b) => b.totalMs - a.totalMs || a.name.localeCompare(b.name)) };
}

function nameOf(frame: CpuProfile['nodes'][number]['callFrame']): string {
  if (frame.url === '') return frame.functionName || '(anonymous)';
  const file = frame.url.split('/').slice(-2).join('/');
  return `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
}

/**
 * The profile as a table: the `top` functions of `file` (the bundle the command runs) by total time, then the
 * `top` entries by self time wherever they are (garbage collection, writing files, Node's own code).
 */
export function formatProfile(profile: CpuProfile, file: string, top = 12): string[] {
  const { sampledMs, rows } = profileRows(profile);
  const ours = rows.filter((row) => row.name.includes(`(${file}:`));
  const bySelf = [...rows].sort((a, b) => b.selfMs - a.selfMs || a.name.localeCompare(b.name));
  const line = (row: ProfileRow) => `  ${(row.totalMs / 1000).toFixed(2).padStart(7)} ${(row.selfMs / 1000).toFixed(2).padStart(7)}  ${row.name}`;
  return [
    `  ${(sampledMs / 1000).toFixed(2)} s sampled; seconds in the function and what it calls (total), in the function alone (self)`,
    `    total    self  function of ${file}, by total`,
    ...ours.slice(0, top).map(line),
    '    total    self  anywhere, by self',
    ...bySelf.slice(0, Math.ceil(top / 2)).map(line),
  ];
}
