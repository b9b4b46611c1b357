import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { groupBy } from '../lib/group-by';
import { listFiles, readTree } from '../lib/read-tree';
import { fastRead } from '../lib/validate/fast-read';
import {
  checkWarnings, compileKinds, crdIdentity, type EnvironmentInfo, type Finding, formatFinding, kindsIn, type KindValidator, loadSchemaSet, loadValidatorWithCodeCache,
  readManifests, type RenderedFile, sortFindings, validateManifests,
} from '../lib/validate';
import { CLUSTER_MODEL_MODE, type ClusterReport, formatClusterReport, modelEnvironment } from '../lib/validate/cluster';
import { environmentChanges } from '../lib/validate/cluster/update';
import { setLuaCommand } from '../lib/validate/cluster/lua';
import { loadEnvironments } from '../lib/config/load';
import { renderEnvironments } from '../lib/render';
import { ARGOCD, type ArgoCdVersion, DEFAULT_ARGOCD_VERSION } from '../lib/upstream/argocd';
import { cacheDir, ensureSchemaDir, SchemaError } from './schema-places';

const USAGE = `Usage: node build/validate.js [--crds DIR] [--dist DIR] [--environments DIR] [--cache DIR | --no-cache]
                            [--cluster-model report|enforce|off]

Checks every object in <dist>/<env>/ against the schema of its kind (CRDs and Kubernetes 1.28), the policy
rules and the cross-object references. Prints one line per error and a summary; exits 1 on any error.
  --crds DIR          schema folder (default: $MAAS_CRDS_DIR, else ../shared/crds, else ${cacheDir()},
                      fetched there on first use from the URLs pinned in schema-pins.json or $MAAS_CRDS_MIRROR)
  --dist DIR          rendered output (default: dist)
  --environments DIR  environment files, read for each environment's stage (default: environments)
  --cache DIR         compiled-validator cache (default: node_modules/.cache/maas-validate)
  --no-cache          compile every schema afresh and write no cache
  --cluster-model M   the cluster model (Argo CD admission, sync simulation, request paths): \`report\` prints its
                      tables and findings without counting them, \`enforce\` counts its findings as errors, \`off\`
                      skips it (default: ${CLUSTER_MODEL_MODE}, set in lib/validate/cluster/index.ts)`;

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const { values } = parseArgs({
    options: {
      crds: { type: 'string' },
      dist: { type: 'string', default: 'dist' },
      environments: { type: 'string', default: 'environments' },
      cache: { type: 'string', default: join('node_modules', '.cache', 'maas-validate') },
      'no-cache': { type: 'boolean', default: false },
      'cluster-model': { type: 'string', default: CLUSTER_MODEL_MODE },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const root = process.cwd();
  const crdsDir = await schemaFolder(root, values.crds);
  if (!crdsDir) return 2;

  const clusterMode = values['cluster-model'];
  if (!['report', 'enforce', 'off'].includes(clusterMode)) {
    console.error(`validate: --cluster-model must be report, enforce or off, not "${clusterMode}"`);
    return 2;
  }
  if (process.env.MAAS_LUA) setLuaCommand(process.env.MAAS_LUA);
  const dist = resolve(root, values.dist);
  const environmentsDir = resolve(root, values.environments);
  const validatorCache = values['no-cache'] ? undefined : resolve(root, values.cache);
  const repoURLs = ownRepoURLs(environmentsDir);

  // One environment at a time: its files are read, checked and modelled, and only what is printed is kept, so
  // memory holds one environment (and its update renders), not the whole tree.
  const validatorFor = new Map<string, KindValidator>();
  const kindsSeen = new Set<string>();
  let compiled = 0;
  let cached = 0;
  const findings: Finding[] = [];
  const clusterTables: string[] = [];
  const clusterFindings: Finding[] = [];
  const warnings: Finding[] = [];
  let [fileCount, objectCount, environmentCount] = [0, 0, 0];
  let clusterSeconds = 0;
  for (const environment of environmentFolders(dist)) {
    const files = renderedFiles(root, dist, environment);
    if (files.length === 0) continue;
    environmentCount++;
    fileCount += files.length;
    const { manifests, findings: unreadable } = readManifests(files);
    objectCount += manifests.length;
    const kinds = kindsIn(manifests).filter((kind) => !kindsSeen.has(kind));
    const validators = loadValidators(crdsDir, kinds, validatorCache);
    if (!validators) return 2;
    kinds.forEach((kind) => kindsSeen.add(kind));
    for (const [kind, validator] of validators.byKind) validatorFor.set(kind, validator);
    compiled += validators.compiled;
    cached += validators.cached;
    findings.push(...unreadable, ...validateManifests(manifests, {
      environments: environmentInfo(environmentsDir, files),
      validatorFor: (key) => validatorFor.get(key),
      references: { isFolder: (path) => isDirectory(resolve(root, path)), ownRepoURLs: repoURLs },
    }));
    if (clusterMode !== 'off') {
      const clusterStarted = process.hrtime.bigint();
      const reports = clusterReports(manifests, environmentsDir, relative(root, dist).split(sep).join('/'),
        new Map(files.map((f) => [f.path, f.text])), validatorCache);
      clusterTables.push(formatClusterReport(reports));
      clusterFindings.push(...reports.flatMap((r) => r.findings));
      clusterSeconds += Number(process.hrtime.bigint() - clusterStarted) / 1e9;
    }
    warnings.push(...checkWarnings(manifests));
  }
  if (fileCount === 0) {
    console.error(`validate: no rendered files in ${dist}/<env>/; run \`npm run synth\` first`);
    return 1;
  }

  for (const f of sortFindings(findings)) console.log(formatFinding(f));
  const clusterCount = clusterFindings.length;
  if (clusterMode !== 'off') {
    console.log(clusterTables.join('\n'));
    for (const f of sortFindings(clusterFindings)) console.log(formatFinding(f));
    console.log(`cluster model (${clusterMode}${clusterMode === 'report' ? ': printed, not counted as errors' : ''}): ` +
      `${clusterCount} finding${clusterCount === 1 ? '' : 's'} in ${environmentCount} environment${environmentCount === 1 ? '' : 's'} ` +
      `in ${clusterSeconds.toFixed(2)} s`);
  }
  const errors = findings.length + (clusterMode === 'enforce' ? clusterCount : 0);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`validate: ${objectCount} objects in ${fileCount} files (${environmentCount} environments) checked against ` +
    `${kindsSeen.size} kinds (${compiled} compiled, ${cached} from cache): ` +
    `${errors} error${errors === 1 ? '' : 's'} in ${seconds.toFixed(2)} s`);
  // After the summary: facts to know, not errors (docs/serving.md, "Serverless namespaces").
  for (const w of warnings) console.log(`warning: ${formatFinding(w)}`);
  return errors === 0 ? 0 : 1;
}

/**
 * The cluster model of every environment in dist/: its Argo CD version from `gitops.argocdVersion` in the
 * environment file (default ${DEFAULT_ARGOCD_VERSION}), and for the update syncs the environment rendered again
 * after each of three changes: a plan limit, a runtime image, the issuer host. Those renders are cached like the
 * compiled schemas, keyed by this program and the environment file. Without valid environment files the update
 * syncs are skipped.
 */
function clusterReports(manifests: ReturnType<typeof readManifests>['manifests'], environmentsDir: string, distPrefix: string,
  texts: ReadonlyMap<string, string>, cacheFolder: string | undefined): ClusterReport[] {
  const byEnvironment = groupBy(manifests, (m) => m.environment);
  let loaded: ReturnType<typeof loadEnvironments> | undefined;
  const environment = (name: string) => {
    try {
      loaded ??= isDirectory(environmentsDir) ? loadEnvironments(environmentsDir) : [];
    } catch {
      loaded = [];
    }
    return loaded.find((e) => e.name === name);
  };
  const program = readFileSync(__filename);
  return [...byEnvironment].sort(([a], [b]) => a.localeCompare(b)).map(([name, envManifests]) => {
    const pinned = (readEnvironment(environmentsDir, name) as { gitops?: { argocdVersion?: unknown } } | undefined)?.gitops?.argocdVersion;
    const argocdVersion = (typeof pinned === 'string' && pinned in ARGOCD ? pinned : DEFAULT_ARGOCD_VERSION) as ArgoCdVersion;
    const file = [join(environmentsDir, `${name}.yaml`), join(environmentsDir, `${name}.yml`)].find(existsSync);
    const cacheFile = file && cacheFolder && join(cacheFolder, `updates-${createHash('sha256').update(program).update(readFileSync(file)).digest('hex').slice(0, 16)}.json`);
    let renders: { change: string; files: [string, string][] }[] | undefined;
    if (cacheFile && existsSync(cacheFile)) {
      renders = JSON.parse(readFileSync(cacheFile, 'utf8'));
    } else {
      const env = environment(name);
      renders = env && environmentChanges(env).map(({ change, env: changed }) => ({
        change, files: [...renderEnvironments([changed])].filter(([path]) => /\.ya?ml$/.test(path)),
      }));
      if (renders && cacheFile) {
        mkdirSync(cacheFolder, { recursive: true });
        writeAtomically(cacheFile, JSON.stringify(renders));
      }
    }
    // Parse only what a change touched; an unchanged file is the object already read from dist/.
    const byText = new Map(envManifests.map((m) => [`${m.file}\0${texts.get(m.file)}`, m]));
    const updates = renders?.map(({ change, files }) => {
      const parse: RenderedFile[] = [];
      const updated: typeof manifests = [];
      for (const [path, text] of files) {
        const same = byText.get(`${distPrefix}/${path}\0${text}`);
        if (same) updated.push(same);
        else parse.push({ path: `${distPrefix}/${path}`, environment: name, text });
      }
      return { change, manifests: [...updated, ...readManifests(parse).manifests] };
    });
    return modelEnvironment(envManifests, { name, argocdVersion, updates });
  });
}

/** The schema folder to use (fetched on first use), or undefined after saying why and what to do. */
async function schemaFolder(root: string, option: string | undefined): Promise<string | undefined> {
  if (option !== undefined) {
    const dir = resolve(root, option);
    if (isDirectory(dir)) return dir;
    console.error(`validate: the schema folder ${dir} (--crds) does not exist, so no object can be checked.`);
    return undefined;
  }
  try {
    return (await ensureSchemaDir(root, { log: (line) => console.error(`validate: ${line}`) })).dir;
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    console.error(`validate: ${error.message}\n  No object was checked.`);
    return undefined;
  }
}

/** The environments of a dist folder: its sub-folders, in the order of their files' paths. */
function environmentFolders(dist: string): string[] {
  if (!isDirectory(dist)) return [];
  return readdirSync(dist, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(join(dist, entry.name))))
    .map((entry) => entry.name)
    .sort((a, b) => (`${a}/` < `${b}/` ? -1 : `${a}/` > `${b}/` ? 1 : 0));
}

/** Every `dist/<env>/**.yaml` of one environment, with paths relative to the project root. */
function renderedFiles(root: string, dist: string, environment: string): RenderedFile[] {
  const prefix = relative(root, dist).split(sep).join('/');
  return [...readTree(join(dist, environment))]
    .filter(([file]) => /\.ya?ml$/.test(file))
    .map(([file, text]) => ({ path: `${prefix}/${environment}/${file}`, environment, text }));
}

/** Each environment's stage from `environments/<env>.yaml`; the folder name stands in when there is no file. */
function environmentInfo(dir: string, files: readonly RenderedFile[]): Map<string, EnvironmentInfo> {
  const info = new Map<string, EnvironmentInfo>();
  for (const name of new Set(files.map((f) => f.environment))) {
    const stage = (readEnvironment(dir, name) as { stage?: unknown } | undefined)?.stage;
    info.set(name, { name, stage: typeof stage === 'string' ? stage : name });
  }
  return info;
}

/** The `gitops.repoURL` of every environment file: Argo CD sources from these are folders of this repository. */
function ownRepoURLs(dir: string): string[] {
  if (!isDirectory(dir)) return [];
  const urls = readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => (readEnvironment(dir, file.replace(/\.ya?ml$/, '')) as { gitops?: { repoURL?: unknown } } | undefined)?.gitops?.repoURL);
  return [...new Set(urls.filter((url): url is string => typeof url === 'string'))];
}

/** Each environment file is read for its stage and for its repoURL: parse it once. */
const environmentFiles = new Map<string, unknown>();

function readEnvironment(dir: string, name: string): unknown {
  const file = [join(dir, `${name}.yaml`), join(dir, `${name}.yml`)].find(existsSync);
  if (!file) return undefined;
  if (!environmentFiles.has(file)) {
    let content: unknown;
    try {
      // Only strings are read here (stage, repoURL), which YAML 1.1 and 1.2 read alike: the fast reader, which
      // takes a generated 1,000-model file in a tenth of the time, else the library.
      const text = readFileSync(file, 'utf8');
      content = fastRead(text)?.value ?? parse(text);
    } catch {
      // Only the stage and repoURL are read here; the render reports a broken file with its line.
    }
    environmentFiles.set(file, content);
  }
  return environmentFiles.get(file);
}

/**
 * Validators for `kinds`. Compiled code is cached under `cacheDir/<hash>/`, the hash covering every schema
 * file and this program itself, so editing either starts a fresh cache; kinds without a schema are cached too.
 */
/**
 * A cached validator, through V8's code cache kept beside it (`<kind>.js.<code hash>.v8cache`), written when the process exits
 * (so it holds the functions the run compiled) whenever it was missing or V8 rejected it (another Node version).
 */
function loadCached(code: string, codeCacheFile: string): KindValidator {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(codeCacheFile);
  } catch {
    cachedData = undefined;
  }
  const loaded = loadValidatorWithCodeCache(code, cachedData);
  if (!loaded.cacheAccepted) {
    // One exit listener for all of them (30 kinds would exceed Node's listener warning threshold).
    if (codeCachesToWrite.length === 0) process.once('exit', writeCodeCaches);
    codeCachesToWrite.push({ file: codeCacheFile, data: loaded.createCachedData });
  }
  return loaded.validator;
}

/** The code caches to write when the process exits: missing or rejected ones. */
const codeCachesToWrite: { file: string; data: () => Buffer }[] = [];

function writeCodeCaches(): void {
  for (const { file, data } of codeCachesToWrite) {
    try {
      writeFileSync(`${file}.${process.pid}`, data());
      renameSync(`${file}.${process.pid}`, file);
    } catch {
      // A read-only or full disk only costs the next run its speed.
    }
  }
}

function loadValidators(crdsDir: string, kinds: readonly string[], cacheDir: string | undefined):
  { byKind: Map<string, KindValidator>; compiled: number; cached: number } | undefined {
  const schemaFiles = listFiles(crdsDir).map((file) => join(crdsDir, file)).filter((file) => /\.(ya?ml|json)$/.test(file));
  const hash = createHash('sha256');
  hash.update(readFileSync(__filename));
  const texts = new Map<string, string>();
  for (const file of schemaFiles) {
    const text = readFileSync(file, 'utf8');
    texts.set(file, text);
    hash.update(`${relative(crdsDir, file)}\0${text}\0`);
  }
  const folder = cacheDir && join(cacheDir, hash.digest('hex').slice(0, 16));
  const cacheFile = (key: string) => join(folder ?? '', key.replace(/[^A-Za-z0-9._-]/g, '_') + '.js');

  const byKind = new Map<string, KindValidator>();
  const missing: string[] = [];
  for (const key of kinds) {
    if (folder && existsSync(cacheFile(key))) {
      const code = readFileSync(cacheFile(key), 'utf8');
      // V8 checks only the source's length before using cached code: the name holds the code's hash.
      if (code !== NO_SCHEMA) byKind.set(key, loadCached(code, `${cacheFile(key)}.${createHash('sha256').update(code).digest('hex').slice(0, 16)}.v8cache`));
    } else {
      missing.push(key);
    }
  }
  const cached = kinds.length - missing.length;
  if (missing.length === 0) return { byKind, compiled: 0, cached };

  // Parse only the CRDs of the kinds to compile: parsing all of them would cost more than compiling a few.
  const wanted = new Set(missing.map((key) => {
    const [apiVersion, kind] = key.split(' ');
    return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''} ${kind}`;
  }));
  const relevant = [...texts].filter(([file, text]) => {
    const crd = file.endsWith('.json') ? undefined : crdIdentity(text);
    return !crd || wanted.has(`${crd.group} ${crd.kind}`);
  });
  const set = loadSchemaSet(relevant.map(([file, text]) => ({ path: relative(crdsDir, file).split(sep).join('/'), text })));
  if (set.problems.length > 0) {
    console.error(`validate: cannot read every schema in ${crdsDir}:\n${set.problems.map((p) => `  ${p}`).join('\n')}`);
    return undefined;
  }
  const compiled = compileKinds(set, missing);
  if (folder) mkdirSync(folder, { recursive: true });
  for (const key of missing) {
    const entry = compiled.get(key);
    if (entry) byKind.set(key, entry.validator);
    if (folder) writeAtomically(cacheFile(key), entry?.standalone() ?? NO_SCHEMA);
  }
  return { byKind, compiled: compiled.size, cached };
}

/** Cache content for a kind that has no schema in the folder. */
const NO_SCHEMA = '// no schema\n';

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  console.error(`validate failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 2;
});
