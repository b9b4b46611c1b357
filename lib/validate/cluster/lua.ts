// Runs Argo CD health-check scripts on a real Lua 5.1 (Debian's `lua5.1`, installed by .ci/run), in the
// environment Argo CD gives them: gopher-lua (Lua 5.1 semantics) with only the base, table and a safe os
// library, no string methods (argoproj/argo-cd util/lua/lua.go@v2.13.9). Every check of a run goes to one
// lua5.1 process (`prefetchHealth`); a check not prefetched costs a process of its own.
import { execFileSync } from 'node:child_process';

/** What a health check returns. */
export interface HealthStatus {
  readonly status: string;
  readonly message: string;
}

let command = 'lua5.1';

/** The Lua 5.1 interpreter to run (default `lua5.1`); `npm run validate` passes `$MAAS_LUA` here. */
export function setLuaCommand(lua: string): void {
  command = lua;
}

/** A string whose every character stands for itself in a Lua string literal. */
const PLAIN = /^[\w .,:;!?'/()<>=+*@#-]*$/;

/** A JavaScript value as a Lua 5.1 table constructor (arrays 1-based, as Argo CD decodes JSON). */
export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string' && PLAIN.test(value)) return `"${value}"`;
  if (typeof value === 'string') return `"${[...value].map((c) => (/[\w .,:;!?'/()<>=+*@#-]/.test(c) ? c : [...Buffer.from(c)].map((b) => `\\${String(b).padStart(3, '0')}`).join(''))).join('')}"`;
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${luaLiteral(k)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

const results = new Map<string, HealthStatus>();
const memoKey = (script: string, object: unknown) => `${script}\0${JSON.stringify(object)}`;

/** The program that runs each case in a fresh sandbox and prints status NUL message SOH per case. */
function program(scripts: readonly string[], cases: readonly { script: number; object: unknown }[]): string {
  return `local sources = {${scripts.map(luaLiteral).join(',\n')}}
local cases = {${cases.map((c) => `{${c.script + 1}, ${luaLiteral(c.object)}}`).join(',\n')}}
local write = io.write
local stringIndex = getmetatable("").__index
for i = 1, #cases do
  local env = {
    obj = cases[i][2], assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
    rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
    getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
    table = table, os = { time = os.time, date = os.date, clock = os.clock },
  }
  env._G = env
  local chunk, syntax = loadstring(sources[cases[i][1]], "health.lua")
  if not chunk then
    write("Unknown", "\\0", "Lua error: " .. syntax, "\\1")
  else
    setfenv(chunk, env)
    getmetatable("").__index = nil
    local ok, hs = pcall(chunk)
    getmetatable("").__index = stringIndex
    if not ok then write("Unknown", "\\0", "Lua error: " .. tostring(hs), "\\1")
    elseif type(hs) ~= "table" then write("Unknown", "\\0", "the health script returned " .. type(hs), "\\1")
    else write(tostring(hs.status or ""), "\\0", tostring(hs.message or ""), "\\1") end
  end
end
`;
}

/** Runs every (script, object) not yet known in one lua5.1 process and remembers the results. */
export function prefetchHealth(jobs: readonly { script: string; object: unknown }[]): void {
  const todo = new Map<string, { script: string; object: unknown }>();
  for (const job of jobs) {
    const key = memoKey(job.script, job.object);
    if (!results.has(key)) todo.set(key, job);
  }
  if (todo.size === 0) return;
  const scripts = [...new Set([...todo.values()].map((j) => j.script))];
  const cases = [...todo.values()].map((j) => ({ script: scripts.indexOf(j.script), object: j.object }));
  let out: string;
  try {
    out = execFileSync(command, ['-'], { input: program(scripts, cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${command} not found: the cluster model runs Argo CD's health checks on Lua 5.1; install it (Debian/Ubuntu: apt-get install -y lua5.1; .ci/run does it), or set MAAS_LUA`);
    }
    throw error;
  }
  const records = out.split('\u0001');
  [...todo.keys()].forEach((key, i) => {
    const [status, message] = (records[i] ?? '').split('\0');
    results.set(key, { status: status ?? '', message: message ?? '' });
  });
}

/** Runs a health script with `obj` bound to `object`: `{ status, message }`, status `Unknown` on a Lua error. */
export function runHealthScript(script: string, object: unknown): HealthStatus {
  const key = memoKey(script, object);
  if (!results.has(key)) prefetchHealth([{ script, object }]);
  return results.get(key) as HealthStatus;
}
