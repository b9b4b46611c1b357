// Runs an Argo CD health-check script in a real Lua VM (fengari, Lua 5.3; Argo CD runs gopher-lua 5.1 and
// the scripts use only what both share), with `obj` bound to a resource.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lua, lauxlib, lualib, to_luastring, to_jsstring } = require('fengari');

type LuaState = unknown;

function push(L: LuaState, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (typeof value === 'number') lua.lua_pushnumber(L, value);
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

/** Runs a health script against `obj` and returns the `hs` table it returns: `{ status, message }`. */
export function runHealthCheck(script: string, obj: unknown): { status: string; message: string } {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  push(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK || lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(`Lua error: ${to_jsstring(lua.lua_tojstring(L, -1))}`);
  }
  lua.lua_getfield(L, -1, to_luastring('status'));
  const status = to_jsstring(lua.lua_tostring(L, -1));
  lua.lua_pop(L, 1);
  lua.lua_getfield(L, -1, to_luastring('message'));
  const message = to_jsstring(lua.lua_tostring(L, -1));
  return { status, message };
}
