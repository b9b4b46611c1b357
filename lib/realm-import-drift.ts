import { parse } from 'yaml';

/** A rendered tree: file path relative to the output folder -> file content (as `renderEnvironments` returns). */
export type Tree = ReadonlyMap<string, string>;

/**
 * Warnings for KeycloakRealmImports whose realm content differs from what is committed.
 *
 * The RHBK operator imports a realm only when it does not exist yet: a changed KeycloakRealmImport is
 * accepted by Argo CD and then silently ignored by Keycloak. This makes the change visible at render time.
 * Pure: compares two trees, reads nothing.
 *
 * @param committed the tree as committed (e.g. the current `dist/`)
 * @param rendered the tree about to be written
 * @returns one line per changed realm import, in file order; empty when none changed
 */
export function realmImportDrift(committed: Tree, rendered: Tree): string[] {
  const warnings: string[] = [];
  const files = [...rendered.keys()].filter((f) => isRealmImportFile(f)).sort();
  for (const file of files) {
    const before = committed.get(file);
    if (before === undefined) continue;
    const oldSpec = specOf(before);
    const newSpec = specOf(rendered.get(file) ?? '');
    if (canonical(oldSpec) === canonical(newSpec)) continue;
    const realm = (newSpec as { realm?: { realm?: string } } | undefined)?.realm?.realm ?? '?';
    warnings.push(
      `warning: ${file}: realm "${realm}" changed, but a KeycloakRealmImport only creates a realm; ` +
        'the running realm will NOT change. To roll it out, see docs/identity.md "Changing an imported realm".',
    );
  }
  return warnings;
}

/** `dev/identity/keycloakrealmimport.<namespace>.<name>.yaml` (the file naming of `renderEnvironments`). */
export function isRealmImportFile(file: string): boolean {
  return /(^|\/)keycloakrealmimport\.[^/]+\.yaml$/.test(file);
}

function specOf(text: string): unknown {
  return (parse(text, { version: '1.1' }) as { spec?: unknown } | null)?.spec;
}

/** JSON with object keys sorted, so that key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
