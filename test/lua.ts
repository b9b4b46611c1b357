// Runs an Argo CD health-check script on real Lua 5.1 (Debian's `lua5.1`, installed by .ci/run), in the
// environment Argo CD gives it: gopher-lua (Lua 5.1 semantics) with only the base, table, package and a safe os
// library, so no `string` library and no string methods (argoproj/argo-cd util/lua/lua.go@v2.13.9, runLua).
import { execFileSync } from 'node:child_process';

/** The Lua 5.1 interpreter's command. */
export const LUA = process.env.MAAS_LUA ?? 'lua5.1';

/** A JavaScript value as a Lua 5.1 table constructor (arrays 1-based, as Argo CD decodes JSON). */
export function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value === 'string') return `"${[...value].map((c) => (/[\w .,:;!?'/()<>=+*@#-]/.test(c) ? c : `\\${c.charCodeAt(0)}`)).join('')}"`;
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `[${luaLiteral(k)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

/** The program that runs `script` against `obj` and prints status, a NUL byte, and message. */
function program(script: string, obj: unknown): string {
  return `local source = ${luaLiteral(script)}
local obj = ${luaLiteral(obj)}
local env = {
  obj = obj, assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
  rawequal = rawequal, rawget = rawget, rawset = rawset, select = select, setmetatable = setmetatable,
  getmetatable = getmetatable, tonumber = tonumber, tostring = tostring, type = type, unpack = unpack,
  table = table, os = { time = os.time, date = os.date, clock = os.clock },
}
env._G = env
local write = io.write
local chunk, syntax = loadstring(source, "health.lua")
if not chunk then write("LUA-ERROR", "\\0", syntax) return end
setfenv(chunk, env)
-- No string methods in the script's VM: ("x"):find(...) must fail as it does in Argo CD.
getmetatable("").__index = nil
local ok, hs = pcall(chunk)
if not ok then write("LUA-ERROR", "\\0", tostring(hs)) return end
if type(hs) ~= "table" then write("LUA-ERROR", "\\0", "returned " .. type(hs)) return end
write(tostring(hs.status), "\\0", tostring(hs.message))
`;
}

/** Runs a health script against `obj` and returns the `hs` table it returns: `{ status, message }`. */
export function runHealthCheck(script: string, obj: unknown): { status: string; message: string } {
  let out: string;
  try {
    out = execFileSync(LUA, ['-'], { input: program(script, obj), encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${LUA} not found: install Lua 5.1 (Debian/Ubuntu: apt-get install -y lua5.1; .ci/run does it), or set MAAS_LUA`);
    }
    throw error;
  }
  const [status, message] = out.split('\0');
  if (status === 'LUA-ERROR') throw new Error(`Lua error: ${message}`);
  return { status, message };
}
