// Argo CD runs health checks in gopher-lua, with Lua 5.1 semantics (argoproj/argo-cd util/lua/lua.go@v2.13.9).
// `npm run validate` runs them in fengari (Lua 5.3, in-process, about 1000 times faster than starting a
// process per check). This test proves that choice safe: every check the constructs render today (lib/constructs/argocd-health-checks.ts), every check the
// regression fixture ships, every built-in check the model uses, on every status of the table of controller effects, gives the same status
// and message under fengari as under a real Lua 5.1 (Debian's lua5.1; `apt-get install lua5.1`).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HEALTH_CHECKS } from '../../../lib/constructs/argocd-health-checks';
import { ARGOCD_BUILTIN_LUA_HEALTH } from '../../../lib/upstream/argocd-health';
import { CONTROLLER_EFFECTS } from '../../../lib/upstream/controller-effects';
import { readTree } from '../../../lib/read-tree';
import { readManifests } from '../../../lib/validate';
import { shippedChecks } from '../../../lib/validate/cluster/health';
import { runHealthScript } from '../../../lib/validate/cluster/lua';
import { toClusterObject } from '../../../lib/validate/cluster/world';
import { ROOT } from '../helpers';

const FIXTURE = join(ROOT, 'test/fixtures/pre-fix/dist');

/** A JSON value as a Lua 5.1 table constructor. */
function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value).replace(/\\u([0-9a-f]{4})/g, (_, h) => `\\${parseInt(h, 16)}`);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${JSON.stringify(k)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

/** Runs `script` on each object in one lua5.1 process, a fresh chunk and fresh globals per object. */
function lua51(script: string, objects: readonly unknown[]): { status: string; message: string }[] {
  const program = [
    `local source = ${JSON.stringify(script)}`,
    `local cases = {${objects.map(luaLiteral).join(',\n')}}`,
    'for i = 1, #cases do',
    '  local chunk = assert(loadstring(source))',
    '  setfenv(chunk, setmetatable({ obj = cases[i] }, { __index = _G }))',
    '  local hs = chunk()',
    '  local function esc(s) return (tostring(s or ""):gsub("\\\\", "\\\\\\\\"):gsub("\\n", "\\\\n")) end',
    '  io.write(esc(hs.status), "\\t", esc(hs.message), "\\n")',
    'end',
  ].join('\n');
  const result = spawnSync('lua5.1', ['-'], { input: program, encoding: 'utf8' });
  if (result.error) throw new Error(`lua5.1 is needed for this test (apt-get install lua5.1): ${result.error.message}`);
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout.trimEnd().split('\n').map((line) => {
    const [status, message] = line.split('\t');
    const unescape = (s: string) => s.replace(/\\(n|\\)/g, (_, c) => (c === 'n' ? '\n' : '\\'));
    return { status: unescape(status), message: unescape(message ?? '') };
  });
}

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

test.each(scripts.map((s) => [s.name, s] as const))('%s gives the same status and message under fengari and lua5.1', (_name, { kind, script }) => {
  const cases = samples(kind);
  expect(cases.length).toBeGreaterThan(0);
  expect(cases.map((obj) => runHealthScript(script, obj))).toEqual(lua51(script, cases));
});

test('the comparison can fail: a script whose result differs between Lua 5.3 and 5.1 is caught', () => {
  const script = 'local hs = {}\nhs.status = tostring(4 / 2)\nhs.message = ""\nreturn hs';
  expect(runHealthScript(script, {})).toEqual({ status: '2.0', message: '' });
  expect(lua51(script, [{}])).toEqual([{ status: '2', message: '' }]);
});
