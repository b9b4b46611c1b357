// The cluster model runs Argo CD's health checks on a real Lua 5.1 (lua5.1), all checks of a simulated sync
// in one process (lib/validate/cluster/lua.ts). This test shows the batch gives, for every check the
// constructs render, every check of the pre-fix fixture and every built-in check, on every status of the table
// of controller effects and on generic ones, what one lua5.1 run per check gives (test/lua.ts, the runner the
// health-check tests use). Argo CD: gopher-lua, Lua 5.1 semantics (argoproj/argo-cd util/lua/lua.go@v2.13.9).
import { join } from 'node:path';
import { HEALTH_CHECKS } from '../../../lib/constructs/argocd-health-checks';
import { ARGOCD_BUILTIN_LUA_HEALTH } from '../../../lib/upstream/argocd-health';
import { CONTROLLER_EFFECTS } from '../../../lib/upstream/controller-effects';
import { readTree } from '../../../lib/read-tree';
import { readManifests } from '../../../lib/validate';
import { shippedChecks } from '../../../lib/validate/cluster/health';
import { prefetchHealth, runHealthScript } from '../../../lib/validate/cluster/lua';
import { toClusterObject } from '../../../lib/validate/cluster/world';
import { runHealthCheck } from '../../lua';
import { ROOT } from '../helpers';

const FIXTURE = join(ROOT, 'test/fixtures/pre-fix/dist');

const files = [...readTree(FIXTURE)].filter(([f]) => f.endsWith('.yaml')).map(([f, text]) => ({ path: `dist/${f}`, environment: f.split('/')[0], text }));
const objects = readManifests(files).manifests.map(toClusterObject);
const shipped = shippedChecks(objects.map((o) => ({ kind: o.manifest.kind, apiVersion: o.manifest.apiVersion, name: o.manifest.name, file: o.manifest.file, value: o.manifest.value })));

/** Statuses every check is also tried on: "no status yet" and the shapes the operators write. */
const GENERIC: Record<string, unknown>[] = [
  {},
  { conditions: [{ type: 'Failed', status: 'True', message: 'no product changes detected' }] },
  { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Synced', status: 'True' }], observedGeneration: 2 },
  { phase: 'failing', ready: false, message: 'dial tcp: connection refused' },
];

/** Every object of a kind in the fixture (else a bare one) with each status its controller row lists, plus GENERIC. */
function samples(kind: string): unknown[] {
  const [group, kindName] = kind.split('/');
  const found = objects.filter((o) => o.groupKind === kind).map((o) => o.upstream);
  const bases = found.length > 0 ? found : [{ apiVersion: `${group}/v1`, kind: kindName, metadata: { name: 'x', generation: 2 } }];
  return bases.flatMap((base) => [...GENERIC, ...(CONTROLLER_EFFECTS.get(kind)?.statuses(base as never) ?? [])]
    .map((status) => ({ ...base, status: Object.keys(status).length === 0 ? undefined : status })));
}

const scripts = [
  ...Object.entries(HEALTH_CHECKS).map(([kind, script]) => ({ kind, name: `rendered today ${kind}`, script })),
  ...[...shipped].map(([kind, check]) => ({ kind, name: `shipped ${kind}`, script: check.script })),
  ...[...ARGOCD_BUILTIN_LUA_HEALTH.values()].map((row) => ({ kind: row.kind, name: `built-in ${row.kind}`, script: row.script })),
];

test('the fixture ships checks and the model has built-in ones to compare', () => {
  expect(shipped.size).toBeGreaterThanOrEqual(5);
  expect(scripts.length).toBe(Object.keys(HEALTH_CHECKS).length + shipped.size + ARGOCD_BUILTIN_LUA_HEALTH.size);
});

test.each(scripts.map((s) => [s.name, s] as const))('%s: one batch gives what one run per status gives', (_name, { kind, script }) => {
  const cases = samples(kind);
  expect(cases.length).toBeGreaterThan(0);
  prefetchHealth(cases.map((object) => ({ script, object })));
  // A nil message is "" for Argo CD (and here); test/lua.ts prints it as "nil".
  const once = cases.map((obj) => runHealthCheck(script, obj)).map((h) => ({ ...h, message: h.message === 'nil' ? '' : h.message }));
  expect(cases.map((obj) => runHealthScript(script, obj))).toEqual(once);
});

test('a Lua error is health Unknown with the error; Lua 5.1 semantics (4 / 2 prints "2", not "2.0")', () => {
  expect(runHealthScript('local hs = {}\nhs.status = tostring(4 / 2)\nreturn hs', {})).toEqual({ status: '2', message: '' });
  expect(runHealthScript('hs = {}\nhs.status = ("x"):upper()\nreturn hs', {}).status).toBe('Unknown');
  expect(runHealthScript('return 1', {})).toEqual({ status: 'Unknown', message: 'the health script returned number' });
});
