import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CpuProfile, formatProfile, profileRows } from '../../lib/bench/profile';
import { tempDir } from '../helpers';

/** root -> main (bundle) -> render -> render (recursion) -> toYaml; main -> write; and the garbage collector. */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 7] },
    { id: 2, callFrame: { functionName: 'main', url: '/p/build/main.js', lineNumber: 9 }, children: [3, 6] },
    { id: 3, callFrame: { functionName: 'render', url: '/p/build/main.js', lineNumber: 19 }, children: [4] },
    { id: 4, callFrame: { functionName: 'render', url: '/p/build/main.js', lineNumber: 19 }, children: [5] },
    { id: 5, callFrame: { functionName: 'toYaml', url: '/p/build/main.js', lineNumber: 29 } },
    { id: 6, callFrame: { functionName: 'writeFileSync', url: 'node:fs', lineNumber: 99 } },
    { id: 7, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
  ],
  // 1 ms in toYaml twice, 1 ms in the inner render, 2 ms writing, 3 ms collecting garbage.
  samples: [5, 5, 4, 6, 6, 7, 7, 7],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

test('total time counts a function once per sample, recursion included; self time is the sampled frame only', () => {
  const { sampledMs, rows } = profileRows(PROFILE);
  expect(sampledMs).toBe(8);
  expect(rows).toEqual([
    { name: '(root)', totalMs: 8, selfMs: 0 },
    { name: 'main (build/main.js:10)', totalMs: 5, selfMs: 0 },
    { name: '(garbage collector)', totalMs: 3, selfMs: 3 },
    { name: 'render (build/main.js:20)', totalMs: 3, selfMs: 1 },
    { name: 'toYaml (build/main.js:30)', totalMs: 2, selfMs: 2 },
    { name: 'writeFileSync (node:fs:100)', totalMs: 2, selfMs: 2 },
  ]);
});

test('the table lists the bundle\'s functions by total time, then everything by self time', () => {
  expect(formatProfile(PROFILE, 'build/main.js', 2)).toEqual([
    '  0.01 s sampled; seconds in the function and what it calls (total), in the function alone (self)',
    '    total    self  function of build/main.js, by total',
    '     0.01    0.00  main (build/main.js:10)',
    '     0.00    0.00  render (build/main.js:20)',
    '    total    self  anywhere, by self',
    '     0.00    0.00  (garbage collector)',
  ]);
});

test('reads a profile Node writes: a busy function of the script is in its rows', () => {
  // GIVEN a script that spends its time in one named function
  const dir = tempDir('maas-profile-');
  try {
    writeFileSync(join(dir, 'busy.js'), 'function busyLoop() { let x = 0; const end = Date.now() + 300; while (Date.now() < end) x += Math.sqrt(x + 1); return x; }\nbusyLoop();\n');

    // WHEN Node profiles it
    const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, join(dir, 'busy.js')]);
    expect(run.status).toBe(0);
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))!;
    const { rows } = profileRows(JSON.parse(readFileSync(join(dir, file), 'utf8')));

    // THEN most of the sampled time is in that function
    const busy = rows.find((row) => row.name.startsWith('busyLoop ('));
    expect(busy?.name).toMatch(/^busyLoop \(.*busy\.js:1\)$/);
    expect(busy!.totalMs).toBeGreaterThan(150);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
