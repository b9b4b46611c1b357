// Types of schema-places.js (plain CommonJS, shared by the .mjs scripts, the bundled commands and the tests).

/** One pinned upstream file. */
export interface Pin {
  /** Path relative to the crds folder, as laid out in ../shared/crds (`../apicast-policies/<name>` for policies). */
  readonly path: string;
  /** Commit-pinned upstream URL. */
  readonly url: string;
  /** sha256 of the file's bytes, hex. */
  readonly sha256: string;
}

/** A place the schemas were found in. */
export interface SchemaPlace {
  readonly dir: string;
  readonly from: 'MAAS_CRDS_DIR' | '../shared/crds' | 'the cache';
}

export const MANIFEST: string;
export const PINS: readonly Pin[];
/** A problem the user can fix; its message says how. */
export class SchemaError extends Error {}
export function cacheDir(env?: NodeJS.ProcessEnv): string;
export function apicastPoliciesDir(crdsDir: string): string;
export function schemaPlaces(root: string, env?: NodeJS.ProcessEnv): SchemaPlace[];
export function findSchemaDir(root: string, env?: NodeJS.ProcessEnv): SchemaPlace | undefined;
export function ensureSchemaDir(root: string, options?: { env?: NodeJS.ProcessEnv; log?: (line: string) => void }):
  Promise<SchemaPlace & { fetched: boolean }>;
export function pinUrl(pin: Pin, mirror?: string): string;
export function fetchPins(dir: string, options?: { mirror?: string; force?: boolean; log?: (line: string) => void; pins?: readonly Pin[] }): Promise<number>;
