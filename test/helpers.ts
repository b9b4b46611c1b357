import { mkdtempSync } from 'node:fs';
import { readTree } from '../lib/read-tree';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export { readTree };

/** The project root. */
export const ROOT = resolve(__dirname, '..');

/**
 * Makes every command's bundle current (`build/<command>.js`, as `npm run <command>` does) and returns the
 * commands' paths. Jest's global setup calls it once, before any worker starts, so no two processes build at once.
 */
export function buildCommands(): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { COMMANDS, ensureBuilt } = require('../scripts/run.cjs') as { COMMANDS: Record<string, string>; ensureBuilt: (name: string) => string };
  return Object.fromEntries(Object.keys(COMMANDS).map((name) => [name, ensureBuilt(name)]));
}

/** `build/<name>.js`, made current by jest's global setup (test/global-setup.ts). */
export function command(name: 'main' | 'validate' | 'smoke' | 'diff' | 'bench' | 'docs'): string {
  return join(ROOT, 'build', `${name}.js`);
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'maas-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The paths that differ between two trees: missing on either side or with different content. */
export function treeDifferences(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const paths = new Set([...expected.keys(), ...actual.keys()]);
  return [...paths].sort().flatMap((path) => {
    if (!actual.has(path)) return [`missing: ${path}`];
    if (!expected.has(path)) return [`unexpected: ${path}`];
    return expected.get(path) === actual.get(path) ? [] : [`differs: ${path}`];
  });
}

/** A rendered object and the file it is in. */
export interface RenderedObject {
  /** Path under dist/, e.g. `dev/gateway/product.maas-3scale.granite.yaml`. */
  readonly file: string;
  /** Environment name (first folder). */
  readonly env: string;
  /** Chart folder (second folder). */
  readonly chart: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly object: any;
}

/** Every object committed under dist/. */
export function renderedObjects(): RenderedObject[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  return [...readTree(join(ROOT, 'dist'))]
    .filter(([file]) => file.endsWith('.yaml'))
    .map(([file, text]) => {
      const [env, chart] = file.split('/');
      return { file, env, chart, object: parse(text, { version: '1.1' }) };
    });
}
