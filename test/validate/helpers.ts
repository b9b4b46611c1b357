import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  compileKinds, type EnvironmentInfo, type Finding, formatFinding, type KindValidator, loadSchemaSet,
  readManifests, type RenderedFile, type SchemaSet, validateManifests,
} from '../../lib/validate';
import { findSchemaDir, schemaPlaces } from '../../scripts/schema-places';

/** The project root. */
export const ROOT = resolve(__dirname, '../..');
/**
 * The schema folder the tests read, found as the CLI finds it ($MAAS_CRDS_DIR, ../shared/crds, the user cache);
 * jest's global setup (test/global-setup.ts) has fetched it into the cache when no place had it.
 */
export const CRDS_DIR = schemaDir();

function schemaDir(): string {
  const place = findSchemaDir(ROOT);
  if (!place) throw new Error(`no schema folder: ${schemaPlaces(ROOT).map((p) => p.dir).join(', ')} are missing or incomplete; run \`npm run fetch-crds\``);
  return place.dir;
}

/** Every schema file in the schema folder, relative to it. */
export function schemaFiles(dir = CRDS_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ya?ml|json)$/.test(file) && statSync(join(dir, file)).isFile())
    .sort();
}

/** A schema set of the given files (relative to the schema folder) plus the Kubernetes definitions. */
export function schemaSetOf(files: readonly string[]): SchemaSet {
  const withDefinitions = [...new Set(['k8s/v1.28.0-_definitions.json', ...files])];
  return loadSchemaSet(withDefinitions.map((path) => ({ path, text: readFileSync(join(CRDS_DIR, path), 'utf8') })));
}

/** Validators compiled on first use and kept for the rest of the test file. */
export function lazyValidators(set: SchemaSet): (key: string) => KindValidator | undefined {
  const cache = new Map<string, KindValidator | undefined>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compileKinds(set, [key]).get(key)?.validator);
    return cache.get(key);
  };
}

/** Environment info as the CLI reads it: stage = folder name. */
export const STAGES = new Map<string, EnvironmentInfo>(['dev', 'staging', 'prod'].map((name) => [name, { name, stage: name }]));

/** Every check over `files`, as the CLI prints them. */
export function validate(files: readonly RenderedFile[], validatorFor: (key: string) => KindValidator | undefined,
  isFolder: (path: string) => boolean = (path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory()): string[] {
  const { manifests, findings } = readManifests(files);
  const all: Finding[] = [...findings, ...validateManifests(manifests, {
    environments: STAGES,
    validatorFor,
    references: { isFolder, ownRepoURLs: ['https://github.com/example-org/maas-gitops.git'] },
  })];
  return all.map(formatFinding);
}

/** The committed `dist/<env>/**` files. */
export function distFiles(): RenderedFile[] {
  const dist = join(ROOT, 'dist');
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => ({ path: relative(ROOT, join(dist, file)), environment: file.split('/')[0], text: readFileSync(join(dist, file), 'utf8') }));
}
