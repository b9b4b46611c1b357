// Runs Argo CD health-check scripts in fengari (Lua 5.3). Argo CD runs them in gopher-lua (Lua 5.1); the
// scripts use only what both share, which `test/validate/cluster/lua.test.ts` proves against a real lua5.1
// on every status of the table of controller effects (docs/validation.md, "Lua").
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lua, lauxlib, lualib, to_luastring, to_jsstring } = require('fengari');

type LuaState = unknown;

/** What a health check returns. */
export interface HealthStatus {
  readonly status: string;
  readonly message: string;
}

function push(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (typeof value === 'number') {
    // Integers stay integers, so that concatenating one prints `1` as Lua 5.1 does, not `1.0`.
    if (Number.isInteger(value)) lua.lua_pushinteger(L, value);
    else lua.lua_pushnumber(L, value);
  }
  else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      push(L, item);
      lua.lua_rawseti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      push(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}

/** One Lua state for every check of a run; each script compiled once. */
let state: LuaState | undefined;
const compiled = new Map<string, number>();
const results = new Map<string, HealthStatus>();

/**
 * Runs a health script with the global `obj` bound to `object`; returns its `{ status, message }`, or status
 * `Unknown` with the Lua error. Each run gets fresh globals.
 */
export function runHealthScript(script: string, object: unknown): HealthStatus {
  const memo = `${script}\0${JSON.stringify(object)}`;
  const known = results.get(memo);
  if (known) return known;
  const result = run(script, object);
  results.set(memo, result);
  return result;
}

function run(script: string, object: unknown): HealthStatus {
  if (!state) {
    state = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(state);
  }
  const L = state;
  let ref = compiled.get(script);
  if (ref === undefined) {
    if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK) {
      const message = to_jsstring(lua.lua_tojstring(L, -1));
      lua.lua_pop(L, 1);
      return { status: 'Unknown', message: `Lua error: ${message}` };
    }
    ref = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX) as number;
    compiled.set(script, ref);
  }
  // Each run gets fresh globals (as Argo CD's fresh gopher-lua state would): an environment table holding
  // `obj` and falling back to the standard library, set as the chunk's _ENV.
  lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, ref);
  lua.lua_createtable(L, 0, 1);
  push(L, object);
  lua.lua_setfield(L, -2, to_luastring('obj'));
  lua.lua_createtable(L, 0, 1);
  lua.lua_pushglobaltable(L);
  lua.lua_setfield(L, -2, to_luastring('__index'));
  lua.lua_setmetatable(L, -2);
  lua.lua_setupvalue(L, -2, 1);
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    const message = to_jsstring(lua.lua_tojstring(L, -1));
    lua.lua_settop(L, 0);
    return { status: 'Unknown', message: `Lua error: ${message}` };
  }
  if (!lua.lua_istable(L, -1)) {
    lua.lua_settop(L, 0);
    return { status: 'Unknown', message: 'the health script returned no table' };
  }
  const read = (key: string) => {
    lua.lua_getfield(L, -1, to_luastring(key));
    const value = lua.lua_isstring(L, -1) ? to_jsstring(lua.lua_tostring(L, -1)) : '';
    lua.lua_pop(L, 1);
    return value;
  };
  const result = { status: read('status'), message: read('message') };
  lua.lua_settop(L, 0);
  return result;
}
