import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, parseSizes, scaleEnvironment } from '../lib/bench/generate';
import { formatProfile } from '../lib/bench/profile';
import { listFiles } from '../lib/read-tree';
import { findSchemaDir, schemaPlaces } from './schema-places';

const USAGE = `Usage: npm run --silent bench -- [--quick] [--sizes 1,10,100,1000] [--runs N] [--json] [--no-tests] [--keep]

Generates environment files with growing numbers of models (3 environments each, copied from environments/),
renders them with \`node scripts/run-cached.cjs build/main.js\` (as npm run synth does) (into an empty folder) and validates them with \`node build/validate.js\` as child processes,
and times \`cdk8s synth\` (the ts-node app of cdk8s.yaml) and a floor (Node loading cdk8s and writing the
files) on the shipped environments. Everything is written under a temporary folder; dist/ is not touched.
Prints medians and which targets are met; targets are reported, not asserted: exits 0 when it ran.
  --sizes LIST   models per environment (default: 1,10,100,1000)
  --runs N       runs per measurement (default: 5 up to 100 models, 3 above; cdk8s synth: at most 3)
  --json         print the results as JSON instead of tables
  --quick        for a pull request (under a minute): sizes 10,100, one run each, cdk8s synth once, no npm test
  --no-tests     do not time \`npm test\` (timed once by default, about a minute; never with --quick)
  --with-tests   (kept for old scripts: npm test is timed by default)
  --keep         keep the temporary folder and print where it is
  --profile      profile the largest render and validation even when they meet their targets

Under a row of the issue table whose target is not met, the bench says why: the render and the validation
of the largest size are run once more under \`node --cpu-prof\` and their profiles summarized (the functions
with the most time); for npm test, the slowest test files as jest reports them.

Every figure comes with the CPU time (user + system, summed over the command's Node processes, from
process.resourceUsage()) beside the wall time: on a shared machine the CPU time moves less with the load.`;

/** One child process run: wall time in the parent, peak resident memory as the child reports it. */
interface Run {
  readonly seconds: number;
  /** `process.resourceUsage().maxRSS` of the child, in MiB; undefined when it could not report it. */
  readonly peakMiB?: number;
  /** User + system CPU seconds of every Node process of the command; undefined when none reported. */
  readonly cpu?: number;
  readonly stdout: string;
  readonly status: number;
}

/** Medians of several runs of one measurement. */
interface Measure {
  readonly runs: number;
  readonly seconds: number;
  readonly peakMiB?: number;
  readonly cpu?: number;
  /** Set when the command exited with an error (npm test). */
  readonly failed?: boolean;
  /** The machine's 1-minute load average when the measurement ended. */
  readonly load?: string;
}

interface SizeResult {
  readonly models: number;
  readonly environments: number;
  readonly objects: number;
  readonly render: Measure;
  /** The floor for the same files: what writing them costs on this disk, with no rendering. */
  readonly floor: Measure;
  readonly validate: Measure;
}

interface Results {
  readonly machine: { readonly cpus: number; readonly node: string; readonly loadavgBefore: string; readonly loadavgAfter: string };
  readonly shipped: {
    readonly objects: number;
    readonly render: Measure;
    readonly floor: Measure;
    readonly cdk8sSynth: Measure;
    readonly validateWarm: Measure;
    readonly validateCold?: Measure;
  };
  readonly sizes: SizeResult[];
  readonly npmTest?: Measure;
  /** `npm run synth`, the whole command through npm, and its floor: npm's start plus Node loading cdk8s. */
  readonly command: { readonly synth: Measure; readonly npmStart: Measure; readonly nodeCdk8s: Measure };
  readonly targets: { readonly target: string; readonly value: string; readonly met?: boolean }[];
  /** Under each target not met (or with --profile): where the time goes, measured. */
  readonly why: readonly Why[];
}

interface Why {
  readonly title: string;
  readonly lines: readonly string[];
}

/** The issue's targets at 1,000 models x 3 environments, and for npm test. */
const RENDER_TARGET = { seconds: 2, mib: 300 };
const VALIDATE_TARGET = { seconds: 3, mib: 512 };
const NPM_TEST_TARGET_SECONDS = 40;

const renderMet = (m: Measure) => m.seconds <= RENDER_TARGET.seconds && (m.peakMiB ?? Infinity) <= RENDER_TARGET.mib;
const validateMet = (m: Measure) => m.seconds <= VALIDATE_TARGET.seconds && (m.peakMiB ?? Infinity) <= VALIDATE_TARGET.mib;

/** Runs `node --cpu-prof <bundle> ARGS` once and summarizes the profile it writes. */
function profiled(dir: string, bundle: string, args: readonly string[], cwd: string, ok: readonly number[] = [0]): string[] {
  rmSync(dir, { recursive: true, force: true });
  run(NODE, ['--cpu-prof', '--cpu-prof-dir', dir, join(ROOT, bundle), ...args], cwd, {}, ok);
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return ['  (node wrote no profile)'];
  return formatProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')), bundle);
}

/** The test files that took longest, from jest's JSON report. */
function slowestSuites(report: string, top = 12): string[] {
  const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as { testResults: { name: string; startTime: number; endTime: number; assertionResults: unknown[] }[] };
  const rows = testResults.map((t) => ({ seconds: (t.endTime - t.startTime) / 1000, file: t.name.startsWith(ROOT) ? t.name.slice(ROOT.length + 1) : t.name, tests: t.assertionResults.length }))
    .sort((a, b) => b.seconds - a.seconds);
  const sum = rows.reduce((total, row) => total + row.seconds, 0);
  return [
    `  ${rows.length} files, ${sum.toFixed(1)} s summed over the files`,
    ...rows.slice(0, top).map((row) => `  ${row.seconds.toFixed(1).padStart(7)}  ${row.file} (${row.tests} tests)`),
  ];
}

const ROOT = process.cwd();
const NODE = process.execPath;

function main(): number {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,10,100,1000' },
      runs: { type: 'string' },
      json: { type: 'boolean', default: false },
      'with-tests': { type: 'boolean', default: false },
      'no-tests': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const quick = values.quick;
  const sizes = parseSizes(quick && values.sizes === '1,10,100,1000' ? '10,100' : values.sizes);
  if (values.runs !== undefined && !/^[1-9]\d*$/.test(values.runs)) throw new Error(`--runs: ${JSON.stringify(values.runs)} is not a positive integer`);
  const runsFor = (models: number) => (values.runs !== undefined ? Number(values.runs) : quick ? (models <= 10 ? 3 : 1) : models <= 100 ? 5 : 3);
  const withTests = !quick && !values['no-tests'];
  // The commands it measures, built as `npm run synth` and `npm run validate` build them (nothing when current).
  const build = spawnSync(NODE, [join(ROOT, 'scripts', 'run.cjs'), '--build', 'main', 'validate'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building build/main.js and build/validate.js failed:\n${build.stderr}`);
  const log = (line: string) => {
    if (!values.json) process.stderr.write(`${line}\n`);
  };

  const tmp = mkdtempSync(join(tmpdir(), 'maas-bench-'));
  try {
    const loadavgBefore = loadavg();
    log(`bench: working in ${tmp}; load average ${loadavgBefore}`);
    const probe = join(tmp, 'rusage.cjs');
    // Preloaded into each measured child: reports its own peak RSS when it exits (portable, no /usr/bin/time).
    // One line per Node process (npm, its shell's node, jest workers all load it through NODE_OPTIONS).
    // Readable by every user (a test runs the render as another user) and silent when it cannot write.
    chmodSync(tmp, 0o755);
    writeFileSync(probe, `process.on('exit', () => {
  try {
    const u = process.resourceUsage();
    if (process.env.BENCH_RUSAGE_FILE) require('fs').appendFileSync(process.env.BENCH_RUSAGE_FILE, u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n');
  } catch {}
});\n`, { mode: 0o644 });
    const crds = schemaFolder();
    const cache = join(ROOT, 'node_modules', '.cache', 'maas-validate');

    // Shipped environments: the project's render, the floor, cdk8s synth, validation warm and cold.
    const shippedRuns = runsFor(1);
    const shippedDir = join(tmp, 'shipped');
    const shippedEnvs = join(ROOT, 'environments');
    log('bench: shipped environments: render');
    const render = repeat(shippedRuns, () => renderRun(probe, shippedEnvs, join(shippedDir, 'dist')));
    const files = listFiles(join(shippedDir, 'dist'));
    log('bench: shipped environments: floor');
    const floorScript = writeFloor(tmp);
    const floorRun = (dist: string, list: readonly string[]) => {
      writeFileSync(join(tmp, 'floor-files.json'), JSON.stringify(list.map((file) => [file, statSync(join(dist, file)).size])));
      return () => {
        rmSync(join(tmp, 'floor-out'), { recursive: true, force: true });
        return nodeRun(probe, [floorScript, join(tmp, 'floor-files.json'), join(tmp, 'floor-out')], ROOT);
      };
    };
    const floor = repeat(shippedRuns, floorRun(join(shippedDir, 'dist'), files));
    log('bench: shipped environments: cdk8s synth (ts-node; slow)');
    const cdk8sSynth = repeat(quick ? 1 : Math.min(shippedRuns, 3), () =>
      treeRun(probe, 'npx', ['cdk8s', 'synth', '--no-check-upgrade', '--output', join(tmp, 'cdk8s-out')], ROOT));
    log('bench: npm run synth, the whole command, and its floor (npm run env; node loading cdk8s)');
    const commandRuns = quick ? 3 : 5;
    const synth = repeat(commandRuns, () => treeRun(probe, 'npm', ['run', '--silent', 'synth', '--', '--out', join(tmp, 'synth-out')], ROOT));
    const npmStart = repeat(commandRuns, () => treeRun(probe, 'npm', ['run', '--silent', 'env'], ROOT));
    const nodeCdk8s = repeat(commandRuns, () => nodeRun(probe, ['-e', `require(${JSON.stringify(createRequire(join(ROOT, 'package.json')).resolve('cdk8s'))})`], ROOT));
    const synthFiles = listFiles(join(tmp, 'cdk8s-out')).length;
    if (synthFiles !== files.length) log(`bench: warning: cdk8s synth wrote ${synthFiles} files, the render command ${files.length}`);
    log('bench: shipped environments: validate');
    const validateArgs = (cacheDir: string) => ['--crds', crds, '--cache', cacheDir, '--environments', shippedEnvs];
    // Cold (every schema compiled, about 3 s on an idle machine): not in --quick.
    const validateCold = quick ? undefined : measure([nodeRun(probe, [join(ROOT, 'build/validate.js'), ...validateArgs(join(tmp, 'cold-cache'))], shippedDir)]);
    const validateWarm = warmValidation(shippedRuns, probe, validateArgs(cache), shippedDir);

    const results: SizeResult[] = [];
    const why: Why[] = [];
    for (const models of sizes) {
      const dir = join(tmp, `models-${models}`);
      const envDir = join(dir, 'environments');
      mkdirSync(envDir, { recursive: true });
      const names = readdirSync(shippedEnvs).filter((f) => f.endsWith('.yaml')).sort();
      for (const name of names) writeFileSync(join(envDir, name), scaleEnvironment(readFileSync(join(shippedEnvs, name), 'utf8'), models));
      log(`bench: ${models} models x ${names.length} environments: render`);
      const runs = runsFor(models);
      const rendered = repeat(runs, () => renderRun(probe, envDir, join(dir, 'dist')));
      const renderedFiles = listFiles(join(dir, 'dist'));
      const objects = renderedFiles.length;
      log(`bench: ${models} models x ${names.length} environments: floor`);
      const floored = repeat(runs, floorRun(join(dir, 'dist'), renderedFiles));
      log(`bench: ${models} models x ${names.length} environments: validate (${objects} objects)`);
      const validated = warmValidation(runs, probe, ['--crds', crds, '--cache', cache, '--environments', 'environments'], dir, true);
      results.push({ models, environments: names.length, objects, render: rendered, floor: floored, validate: validated });
      const last = models === sizes[sizes.length - 1];
      if (last && (values.profile || (models === 1000 && !renderMet(rendered)))) {
        log(`bench: ${models} models x ${names.length} environments: render, profiled`);
        // Into an empty folder, as the timed runs: replacing a previous output adds deleting it.
        rmSync(join(dir, 'dist'), { recursive: true, force: true });
        why.push({ title: `render ${models.toLocaleString('en')} x ${names.length} (node --cpu-prof build/main.js)`,
          lines: profiled(join(tmp, 'profile-render'), 'build/main.js', ['--environments', envDir, '--out', join(dir, 'dist')], ROOT) });
      }
      if (last && (values.profile || (models === 1000 && !validateMet(validated)))) {
        log(`bench: ${models} models x ${names.length} environments: validate, profiled`);
        why.push({ title: `validate ${models.toLocaleString('en')} x ${names.length} (node --cpu-prof build/validate.js, warm cache)`,
          lines: profiled(join(tmp, 'profile-validate'), 'build/validate.js', ['--crds', crds, '--cache', cache, '--environments', 'environments'], dir, [0, 1]) });
      }
      rmSync(join(dir, 'dist'), { recursive: true, force: true });
    }

    let npmTest: Measure | undefined;
    if (withTests) {
      log('bench: npm test (once)');
      // A failing suite is a result too (printed in the table), not a reason to lose the other figures.
      // Arguments after `--` go to jest, the script's last command: its report names the slow files.
      const report = join(tmp, 'jest.json');
      const once = treeRun(probe, 'npm', ['test', '--silent', '--', '--json', `--outputFile=${report}`], ROOT, [0, 1]);
      if (once.status !== 0) log(`bench: npm test FAILED (exit ${once.status}):\n${once.stdout.split('\n').filter((line) => /●|FAIL|Tests:/.test(line)).join('\n')}`);
      npmTest = { ...measure([once]), failed: once.status !== 0 };
      if (npmTest.seconds > NPM_TEST_TARGET_SECONDS && existsSync(report)) why.push({ title: 'npm test: the slowest test files (jest --json; wall seconds, files run two at a time)', lines: slowestSuites(report) });
    }

    const shipped = { objects: files.length, render, floor, cdk8sSynth, validateWarm, validateCold };
    const all: Results = {
      machine: { cpus: availableParallelism(), node: process.version, loadavgBefore, loadavgAfter: loadavg() },
      shipped,
      sizes: results,
      npmTest,
      command: { synth, npmStart, nodeCdk8s },
      targets: targets(shipped, results),
      why,
    };
    console.log(values.json ? JSON.stringify(all, null, 2) : formatResults(all));
    if (values.keep) log(`bench: kept ${tmp}`);
    return 0;
  } finally {
    if (!values.keep) rmSync(tmp, { recursive: true, force: true });
  }
}

/** The schema folder the validator would choose from the project root (`npm run validate` fetches it first). */
function schemaFolder(): string {
  const found = findSchemaDir(ROOT);
  if (!found) throw new Error(`no schema folder (tried ${schemaPlaces(ROOT).map((p) => p.dir).join(', ')}); run \`npm run fetch-crds\` or set MAAS_CRDS_DIR`);
  return found.dir;
}

/**
 * One render into an empty output folder (removed beforehand, untimed): the cost of producing the files, not
 * of deleting a previous render, which depends on the disk more than on this program.
 */
function renderRun(probe: string, environments: string, out: string): Run {
  rmSync(out, { recursive: true, force: true });
  // As `npm run synth` runs it: through the V8 code cache launcher (warmed by the first run).
  return nodeRun(probe, ['scripts/run-cached.cjs', 'build/main.js', '--environments', environments, '--out', out], ROOT);
}

/**
 * Validation runs with warm caches: one untimed run first fills the compiled-schema cache and the cluster
 * model's update renders (both keyed by content, so a changed schema, program or environment file starts them
 * afresh), then `times` runs are measured.
 */
function warmValidation(times: number, probe: string, args: readonly string[], cwd: string, findingsAllowed = false): Measure {
  // At 1,000 models the generated Grafana dashboard outgrows a ConfigMap: a finding (exit 1) is a result here.
  const ok = findingsAllowed ? [0, 1] : [0];
  run(NODE, [join(ROOT, 'build/validate.js'), ...args], cwd, {}, ok);
  return repeat(times, () => nodeRun(probe, [join(ROOT, 'build/validate.js'), ...args], cwd, ok));
}

/** `node --require probe ARGS` in `cwd`, failing on a non-zero exit. */
function nodeRun(probe: string, args: readonly string[], cwd: string, ok: readonly number[] = [0]): Run {
  return withUsage(probe, (env) => run(NODE, ['--require', probe, ...args], cwd, env, ok));
}

/** A command (npm, npx) whose every Node process loads the probe through NODE_OPTIONS: CPU summed, peak the largest. */
function treeRun(probe: string, command: string, args: readonly string[], cwd: string, ok: readonly number[] = [0]): Run {
  return withUsage(probe, (env) => run(command, args, cwd, { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim() }, ok));
}

function withUsage(probe: string, once: (env: Record<string, string>) => Run): Run {
  const rusage = join(probe, '..', `rusage-${process.pid}.txt`);
  rmSync(rusage, { force: true });
  const result = once({ BENCH_RUSAGE_FILE: rusage });
  const lines = existsSync(rusage) ? readFileSync(rusage, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' ').map(Number)) : [];
  if (lines.length === 0) return result;
  return { ...result, peakMiB: Math.max(...lines.map(([kib]) => kib)) / 1024, cpu: lines.reduce((sum, [, micro]) => sum + micro, 0) / 1e6 };
}

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}, ok: readonly number[] = [0]): Run {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw result.error;
  if (!ok.includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stdout}${result.stderr}`);
  }
  return { seconds, stdout: result.stdout, status: result.status ?? -1 };
}

function repeat(times: number, once: () => Run): Measure {
  return measure(Array.from({ length: times }, once));
}

function measure(runs: readonly Run[]): Measure {
  const peaks = runs.map((r) => r.peakMiB).filter((p): p is number => p !== undefined);
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  return {
    runs: runs.length, seconds: median(runs.map((r) => r.seconds)), peakMiB: peaks.length > 0 ? median(peaks) : undefined,
    cpu: cpus.length > 0 ? median(cpus) : undefined, load: loadavg().split(' ')[0],
  };
}

/**
 * The floor: a Node process that loads cdk8s (from this project) and writes one file per rendered file, of
 * the same size, in the same folders (argv: the JSON list of [relative path, size], the output folder).
 */
function writeFloor(tmp: string): string {
  const script = join(tmp, 'floor.cjs');
  const cdk8s = createRequire(join(ROOT, 'package.json')).resolve('cdk8s');
  writeFileSync(script, `require(${JSON.stringify(cdk8s)});
const fs = require('fs');
const path = require('path');
const [list, out] = process.argv.slice(2);
const folders = new Set();
for (const [file, size] of JSON.parse(fs.readFileSync(list, 'utf8'))) {
  const target = path.join(out, file);
  if (!folders.has(path.dirname(target))) fs.mkdirSync(path.dirname(target), { recursive: true });
  folders.add(path.dirname(target));
  fs.writeFileSync(target, 'x'.repeat(size));
}
`);
  return script;
}

/** The targets outside the issue table (render against cdk8s synth and the floor, growth, warm validation). */
function targets(shipped: Results['shipped'], sizes: readonly SizeResult[]): Results['targets'] {
  const list: { target: string; value: string; met?: boolean }[] = [];
  const s = (x: number) => `${x.toFixed(2)} s`;
  const render = shipped.render.seconds;
  list.push({ target: 'render(shipped) <= 1/20 of cdk8s synth (ts-node)', value: `${s(render)} vs ${s(shipped.cdk8sSynth.seconds)}: 1/${(shipped.cdk8sSynth.seconds / render).toFixed(1)}`, met: render * 20 <= shipped.cdk8sSynth.seconds });
  list.push({ target: 'render(shipped) <= 2x the floor', value: `${s(render)} vs ${s(shipped.floor.seconds)}: ${(render / shipped.floor.seconds).toFixed(2)}x`, met: render <= 2 * shipped.floor.seconds });
  const ratio = renderRatio(sizes, 100, 1000);
  list.push(ratio === undefined
    ? { target: 'render time(1000)/time(100) <= 12', value: 'not measured (needs sizes 100 and 1000)' }
    : { target: 'render time(1000)/time(100) <= 12', value: ratio.toFixed(1), met: ratio <= 12 });
  list.push({ target: 'validation(shipped) <= 3 s warm', value: s(shipped.validateWarm.seconds), met: shipped.validateWarm.seconds <= 3 });
  return list;
}

function renderRatio(sizes: readonly SizeResult[], small: number, large: number, pick = (r: SizeResult) => r.render.seconds): number | undefined {
  const a = sizes.find((r) => r.models === small);
  const b = sizes.find((r) => r.models === large);
  return a && b ? pick(b) / pick(a) : undefined;
}

function formatResults(r: Results): string {
  const mib = (m: Measure) => (m.peakMiB === undefined ? '?' : m.peakMiB.toFixed(0));
  const sec = (m: Measure) => m.seconds.toFixed(2);
  const lines = [
    `machine: ${r.machine.cpus} CPUs, Node ${r.machine.node}; load average before ${r.machine.loadavgBefore}, after ${r.machine.loadavgAfter}`,
    '',
    'the table of issue 21 (medians; CPU = user + system of every Node process of the command; load = 1-minute load average at the end):',
    issueTable(r),
    ...r.why.flatMap((w) => ['', `why: ${w.title}`, ...w.lines]),
    '',
    `shipped environments (${r.shipped.objects} objects), median wall time of ${r.shipped.render.runs} runs:`,
    table(['command', 'seconds', 'peak MiB'], [
      ['npm run synth (render, cached)', sec(r.shipped.render), mib(r.shipped.render)],
      ['floor: node, require cdk8s, write same-size files', sec(r.shipped.floor), mib(r.shipped.floor)],
      [`npx cdk8s synth (ts-node app; ${r.shipped.cdk8sSynth.runs} runs)`, sec(r.shipped.cdk8sSynth), '-'],
      ['node build/validate.js, warm schema cache', sec(r.shipped.validateWarm), mib(r.shipped.validateWarm)],
      ...(r.shipped.validateCold ? [['node build/validate.js, cold (compiles every schema; 1 run)', sec(r.shipped.validateCold), mib(r.shipped.validateCold)]] : []),
    ]),
    `render / cdk8s synth = 1/${(r.shipped.cdk8sSynth.seconds / r.shipped.render.seconds).toFixed(1)}; render / floor = ${(r.shipped.render.seconds / r.shipped.floor.seconds).toFixed(2)}x`,
    '',
    'generated environments (models per environment x environments), median wall time; validation warm:',
    table(['models', 'envs', 'objects', 'runs', 'render s', 'render MiB', 'floor s', 'validate s', 'validate MiB'], r.sizes.map((x) => [
      String(x.models), String(x.environments), String(x.objects), String(x.render.runs), sec(x.render), mib(x.render), sec(x.floor), sec(x.validate), mib(x.validate),
    ])),
  ];
  const renderRatioValue = renderRatio(r.sizes, 100, 1000);
  const validateRatio = renderRatio(r.sizes, 100, 1000, (x) => x.validate.seconds);
  if (renderRatioValue !== undefined && validateRatio !== undefined) {
    lines.push(`time(1000)/time(100): render ${renderRatioValue.toFixed(1)}, validate ${validateRatio.toFixed(1)} (10x the objects)`);
  }
  if (r.npmTest) lines.push('', `npm test: ${sec(r.npmTest)} s`);
  lines.push('', 'other targets (the issue table above has render and validation at 1,000 models and npm test):', ...r.targets.map((t) => `  ${t.met === undefined ? '[ ? ]' : t.met ? '[met]' : '[NOT]'} ${t.target}: ${t.value}`));
  return lines.join('\n');
}

/** The issue's table, side by side: what, wall time, CPU time, peak memory, load average, target, met. */
function issueTable(r: Results): string {
  const sec = (m: Measure | undefined) => (m === undefined ? '-' : m.seconds.toFixed(2));
  const cpu = (m: Measure | undefined) => (m?.cpu === undefined ? '-' : m.cpu.toFixed(2));
  const mib = (m: Measure | undefined) => (m?.peakMiB === undefined ? '-' : m.peakMiB.toFixed(0));
  const verdict = (met: boolean | undefined) => (met === undefined ? '?' : met ? 'met' : 'NOT met');
  const { synth, npmStart, nodeCdk8s } = r.command;
  const floor = npmStart.seconds + nodeCdk8s.seconds;
  const floorCpu = (npmStart.cpu ?? NaN) + (nodeCdk8s.cpu ?? NaN);
  const largest = r.sizes.reduce<SizeResult | undefined>((a, b) => (a === undefined || b.models > a.models ? b : a), undefined);
  const smaller = largest && r.sizes.filter((x) => x.models < largest.models).reduce<SizeResult | undefined>((a, b) => (a === undefined || b.models > a.models ? b : a), undefined);
  const label = (x: SizeResult | undefined) => (x === undefined ? '?' : `${x.models.toLocaleString('en')} x ${x.environments}`);
  const rows: string[][] = [
    ['npm run synth, whole command, shipped envs', sec(synth), cpu(synth), mib(synth), synth.load ?? '-',
      `<= 2.5x floor (${(2.5 * floor).toFixed(2)} s)`, `${(synth.seconds / floor).toFixed(2)}x: ${verdict(synth.seconds <= 2.5 * floor)}`],
    ['  floor: npm run env + node loading cdk8s', floor.toFixed(2), Number.isFinite(floorCpu) ? floorCpu.toFixed(2) : '-', '-', nodeCdk8s.load ?? '-', '', ''],
    [`  npx cdk8s synth (stock, ts-node; ${r.shipped.cdk8sSynth.runs} run${r.shipped.cdk8sSynth.runs === 1 ? '' : 's'})`, sec(r.shipped.cdk8sSynth), cpu(r.shipped.cdk8sSynth),
      mib(r.shipped.cdk8sSynth), r.shipped.cdk8sSynth.load ?? '-', '', `synth = 1/${(r.shipped.cdk8sSynth.seconds / synth.seconds).toFixed(1)} of it`],
    [`render ${label(largest)}, into ${tmpdir()}`, sec(largest?.render), cpu(largest?.render), mib(largest?.render), largest?.render.load ?? '-',
      largest?.models === 1000 ? `<= ${RENDER_TARGET.seconds} s, <= ${RENDER_TARGET.mib} MiB` : '(1,000 models: full run)',
      largest?.models === 1000 ? verdict(renderMet(largest.render)) : ''],
    [`validate ${label(largest)}, cluster model included when present`, sec(largest?.validate), cpu(largest?.validate), mib(largest?.validate), largest?.validate.load ?? '-',
      largest?.models === 1000 ? `<= ${VALIDATE_TARGET.seconds} s, <= ${VALIDATE_TARGET.mib} MiB` : '(1,000 models: full run)',
      largest?.models === 1000 ? verdict(validateMet(largest.validate)) : ''],
    [`validate ${label(largest)} / ${label(smaller)} (wall; CPU)`, largest && smaller ? (largest.validate.seconds / smaller.validate.seconds).toFixed(1) : '-',
      largest?.validate.cpu !== undefined && smaller?.validate.cpu !== undefined ? (largest.validate.cpu / smaller.validate.cpu).toFixed(1) : '-', '-', '-',
      largest && smaller ? `<= ${(largest.models / smaller.models).toLocaleString('en')} (linear)` : '', largest && smaller ? verdict(largest.validate.seconds / smaller.validate.seconds <= largest.models / smaller.models) : ''],
    ['npm test (once)', sec(r.npmTest), cpu(r.npmTest), mib(r.npmTest), r.npmTest?.load ?? '-', `<= ${NPM_TEST_TARGET_SECONDS} s on an idle 2-core machine`,
      r.npmTest ? (r.npmTest.failed ? 'FAILED (see above)' : verdict(r.npmTest.seconds <= NPM_TEST_TARGET_SECONDS)) : 'not run (--quick / --no-tests)'],
  ];
  return table(['what', 'wall s', 'CPU s', 'peak MiB', 'load', 'target', 'result'], rows);
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

function loadavg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
