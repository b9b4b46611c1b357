import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadEnvironments } from '../../lib/config/load';
import { renderEnvironments } from '../../lib/render';
import { ROOT, tempDir } from '../helpers';

const DIFF = join(ROOT, 'build', 'diff.js');
/** The environments of this test: its own files, not the shipped ones, and what they render. */
const FIXTURES = join(ROOT, 'test', 'fixtures', 'environments');
const FIXTURE_RENDER = renderEnvironments(loadEnvironments(FIXTURES, ROOT));

/** Commits get fixed authors and dates, and no user or system Git configuration applies. */
const GIT_ENV = {
  PATH: process.env.PATH ?? '',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env: GIT_ENV });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Runs `node build/diff.js` in a folder, as `npm run diff` does. */
function diff(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DIFF, ...args], { cwd, env: GIT_ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Replaces text in a file of the repository, failing when the text is not there (the project changed). */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: ${String(from)} not found; update this test's setup`);
  writeFileSync(path, changed);
}

/**
 * A Git repository holding a copy of this project:
 * - tag `base`: the project, rendered by an older layout that names files `<namespace>.<name>.<kind>.yaml`;
 * - tag `broken`: a commit without `main.ts`, as an older layout would be, with a committed dist/;
 * - tag `nothing`: an empty commit of an unrelated history;
 * - working tree: the project's own file names (every file renamed), changes to dev and prod, qa a copy of staging;
 * - two more working trees at `base`: one clean, one with an invalid environment file.
 */
function projectRepository(): { repo: string; clean: string; invalid: string } {
  const repo = scratch('maas-diff-repo-');
  for (const path of ['main.ts', 'lib', 'imports', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, path), join(repo, path), { recursive: true });
  }
  cpSync(FIXTURES, join(repo, 'environments'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  writeFileSync(join(repo, '.gitignore'), 'node_modules\nbuild/\n');
  const projectRender = readFileSync(join(repo, 'lib', 'render.ts'), 'utf8');
  edit(repo, 'lib/render.ts', /(export function fileName\(kind: string, name: string, namespace\?: string\): string \{\n)/,
    "$1  return [namespace, name, kind.toLowerCase()].filter((part) => part !== undefined).join('.') + '.yaml';\n");
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'tag', 'base');

  for (const [file, text] of FIXTURE_RENDER) {
    mkdirSync(dirname(join(repo, 'dist', file)), { recursive: true });
    writeFileSync(join(repo, 'dist', file), text);
  }
  rmSync(join(repo, 'main.ts'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'an older layout: no main.ts, a committed dist/');
  git(repo, 'tag', 'broken');
  git(repo, 'reset', '-q', '--hard', 'base');

  // An unrelated history with neither main.ts nor dist/.
  git(repo, 'checkout', '-q', '--orphan', 'unrelated');
  git(repo, 'rm', '-rq', '--cached', '.');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'nothing to render');
  git(repo, 'tag', 'nothing');
  git(repo, 'checkout', '-q', '-f', 'main');

  const [clean, invalid] = ['clean', 'invalid'].map((name) => {
    const dir = join(scratch('maas-diff-worktree-'), name);
    git(repo, 'worktree', 'add', '-q', '--detach', dir, 'base');
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    return dir;
  });
  edit(invalid, 'environments/dev.yaml', 'stage: dev', 'stage: dve');

  // Changes to operator settings only: what they render is stable while charts grow on other branches.
  writeFileSync(join(repo, 'lib', 'render.ts'), projectRender);
  edit(repo, 'environments/dev.yaml', 'channel: stable-v26.0', 'channel: stable-v26.0\n    installPlanApproval: Manual');
  edit(repo, 'environments/dev.yaml', 'name: 3scale-operator', 'name: 3scale-community-operator');
  edit(repo, 'environments/prod.yaml', 'channel: threescale-2.15', 'channel: threescale-2.16');
  cpSync(join(repo, 'environments', 'staging.yaml'), join(repo, 'environments', 'qa.yaml'));
  return { repo, clean, invalid };
}

type Result = Awaited<ReturnType<typeof diff>>;
let repo: string;
let text: Result;
let markdown: Result;
let unchanged: Result;
let fallback: Result;
let invalid: Result;

/** Folders made by this file, removed after it. */
const scratchDirs: string[] = [];
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  const setup = projectRepository();
  repo = setup.repo;
  // Each revision is rendered by the command under test. The first run renders commit `base` and keeps its
  // render in the repository; the others, independent, run side by side and find it there.
  text = await diff(repo);
  [markdown, unchanged, fallback, invalid] = await Promise.all([
    diff(repo, '--base', 'base', '--format', 'markdown'),
    diff(setup.clean, '--base', 'base'),
    diff(repo, '--base', 'broken'),
    diff(setup.invalid, '--base', 'base'),
  ]);
}, 60_000);

afterAll(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** One environment's block of the text output: its line and the indented lines under it. */
function section(output: string, env: string): string {
  const lines = output.split('\n');
  const start = lines.indexOf(lines.find((line) => line.startsWith(`${env}: `)) ?? '');
  const end = lines.findIndex((line, i) => i > start && !line.startsWith(' '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The lines naming objects: `  + Namespace maas-llm`. */
function objectLines(output: string): string[] {
  return output.split('\n').filter((line) => /^ {2}[-+~] /.test(line));
}

/** Objects a copy of staging renders: as many as the fixture staging's YAML files. */
const QA_OBJECTS = [...FIXTURE_RENDER.keys()].filter((file) => file.startsWith('staging/') && file.endsWith('.yaml')).length;
// Every README changes too: its bootstrap commands name the Argo CD files, which the base names differently.
const SUMMARY = `4 environments: dev changed (1 added, 1 removed, 2 changed), qa added (${QA_OBJECTS} objects, 1 file), staging changed (1 changed), prod changed (2 changed)`;

describe('npm run diff over a repository with real commits', () => {
  test('summarizes every environment on the first line', () => {
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n')[0]).toBe(SUMMARY);
  });

  test('compares with the merge base of HEAD and main by default', () => {
    expect(text.stdout.split('\n')[1]).toMatch(/^compared with main \(merge base [0-9a-f]{7}\)$/);
  });

  test('lists objects added, removed and changed by kind, namespace and name; renamed files are no change', () => {
    expect(objectLines(section(text.stdout, 'dev'))).toEqual([
      '  + Subscription maas-3scale/3scale-community-operator',
      '  - Subscription maas-3scale/3scale-operator',
      '  ~ Subscription maas-keycloak/rhbk-operator',
      '  ~ dev/README.md',
    ]);
    expect(objectLines(section(text.stdout, 'prod'))).toEqual(['  ~ Subscription maas-3scale/3scale-operator', '  ~ prod/README.md']);
    expect(objectLines(section(text.stdout, 'staging'))).toEqual(['  ~ staging/README.md']);
  });

  test('summarizes what an added object holds under its name', () => {
    expect(section(text.stdout, 'dev')).toContain(
      '  + Subscription maas-3scale/3scale-community-operator\n' +
        '      spec: channel=threescale-2.15, installPlanApproval=Automatic, name=3scale-community-operator, source=redhat-operators, sourceNamespace=openshift-marketplace\n',
    );
  });

  test('lists every object of a new environment as added', () => {
    const qa = section(text.stdout, 'qa');
    expect(qa.split('\n')[0]).toBe(`qa: added (${QA_OBJECTS} objects, 1 file)`);
    // Every object, plus the environment's README.md (a file, not an object).
    expect(objectLines(qa)).toHaveLength(QA_OBJECTS + 1);
    expect(objectLines(qa).filter((line) => !line.startsWith('  + '))).toEqual([]);
    expect(objectLines(qa)).toContain('  + Application openshift-gitops/maas-qa');
    expect(objectLines(qa)).toContain('  + qa/README.md');
  });

  test('shows a compact YAML diff under each changed object', () => {
    expect(text.stdout).toContain(
      [
        '  ~ Subscription maas-keycloak/rhbk-operator',
        '      @@ -9,5 +9,5 @@ spec',
        '       spec:',
        '         channel: stable-v26.0',
        '      -  installPlanApproval: Automatic',
        '      +  installPlanApproval: Manual',
        '         name: rhbk-operator',
        '         source: redhat-operators',
        '',
      ].join('\n'),
    );
  });

  test('flags a change to prod', () => {
    // The new environment's own flags depend on what staging renders; the rest must be exactly these.
    const flags = text.stdout.split('\n').filter((line) => line.startsWith('  ! '));
    expect(text.stdout).toContain(`\nrisk flags (${flags.length}):\n`);
    expect(flags.filter((line) => !line.startsWith('  ! qa: '))).toEqual(['  ! prod: stage prod: 2 changed in production']);
  });

  test('exits with 1 when something changed', () => {
    expect(text.status).toBe(1);
  });

  test('prints a pull-request comment with --format markdown', () => {
    const lines = markdown.stdout.split('\n');
    expect(markdown.status).toBe(1);
    expect(lines.slice(0, 3)).toEqual(['<!-- maas-gitops-diff -->', `**${SUMMARY}**`, '']);
    expect(lines[3]).toMatch(/^Rendered by `npm run diff`, compared with base \([0-9a-f]{7}\)\.$/);
    expect(markdown.stdout).toMatch(/\n\*\*Risk flags \(\d+\)\*\*\n\n(- qa: .*\n)*- prod: stage prod: 2 changed in production\n\n/);
    expect(lines.filter((l) => l.startsWith('<details>'))).toEqual([
      '<details><summary>dev: changed (1 added, 1 removed, 2 changed)</summary>',
      `<details><summary>qa: added (${QA_OBJECTS} objects, 1 file)</summary>`,
      '<details><summary>staging: changed (1 changed)</summary>',
      '<details><summary>prod: changed (2 changed)</summary>',
    ]);
    // Two Subscriptions and three READMEs (whose code blocks need a longer fence).
    expect(lines.filter((l) => /^`{3,}diff$/.test(l))).toHaveLength(5);
  });

  test('exits with 0 and reports every environment unchanged when nothing changed', () => {
    expect(unchanged.stdout.split('\n')[0]).toBe('3 environments: dev unchanged, staging unchanged, prod unchanged');
    expect(unchanged.status).toBe(0);
  });

  test("falls back to the base's committed dist/ when the base cannot be rendered, and says so", () => {
    expect(fallback.stdout.split('\n')[1]).toMatch(
      /^compared with broken \([0-9a-f]{7}\); the base could not be rendered \(it has no main\.ts\); compared with its committed dist\/$/,
    );
    // The READMEs name the Argo CD files, which the base's older layout names differently: objects only.
    const objects = (output: string) => objectLines(output).filter((line) => !line.endsWith('/README.md'));
    expect(objects(fallback.stdout)).toEqual(objects(text.stdout));
  });

  test('exits with 2 and names the ref when the base is not a commit', async () => {
    const result = await diff(repo, '--base', 'no-such-branch');
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('diff: --base no-such-branch: not a commit in this repository; give a branch, tag or commit id, e.g. --base origin/main\n');
    expect(result.status).toBe(2);
  });

  test('exits with 2 and prints the render errors when the working tree does not render', () => {
    expect(invalid.stderr).toMatch(/^diff: cannot render the working tree:\nenvironments\/dev\.yaml is invalid \(\d+ problems?\):\n/);
    expect(invalid.stderr).toMatch(/\n {2}line \d+ +stage: "dve" is not one of dev, staging, prod\n/);
    expect(invalid.status).toBe(2);
  });

  describe('fails with exit code 2 and a message that says what to do', () => {
    test.each([
      [['--format', 'html'], 'diff: --format html: not one of text, markdown\n'],
      [['--base', 'nothing'], /^diff: cannot render the base nothing \([0-9a-f]{7}\), and it has no dist\/: it has no main\.ts\n$/],
      [['--bogus'], /^diff: Unknown option '--bogus'\n\nUsage: npm run --silent diff -- /],
    ])('given %j', async (args, message) => {
      const result = await diff(repo, ...args);
      expect(result.stderr).toMatch(message);
      expect(result.status).toBe(2);
    });

    test('outside a Git repository', async () => {
      const dir = scratch('maas-diff-no-repo-');
      const result = await diff(dir);
      expect(result.stderr).toBe(`diff: ${dir} is not in a Git repository\n`);
      expect(result.status).toBe(2);
    });

    test('without --base when there is no main branch', async () => {
      const dir = scratch('maas-diff-no-main-');
      git(dir, 'init', '-q', '-b', 'trunk');
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'first');
      const result = await diff(dir);
      expect(result.stderr).toBe('diff: no --base given, and neither main nor origin/main exists; give one with --base <ref>\n');
      expect(result.status).toBe(2);
    });
  });
});

describe('the render of a base commit is kept in its repository', () => {
  test('a later diff against the same commit reads it from <git dir>/maas-diff/ instead of rendering it again', async () => {
    // GIVEN the kept render of commit `base`, altered so that no render of any commit gives it
    const commit = git(repo, 'rev-parse', 'base').trim();
    const folder = join(repo, '.git', 'maas-diff');
    const kept = readdirSync(folder).filter((name) => name.startsWith(commit.slice(0, 12)));
    expect(kept).toHaveLength(1);
    const file = join(folder, kept[0]);
    const original = readFileSync(file, 'utf8');
    expect(original).toContain('channel: threescale-2.15');
    writeFileSync(file, original.replaceAll('channel: threescale-2.15', 'channel: from-the-kept-render'));
    try {
      // WHEN
      const result = await diff(repo, '--base', 'base');

      // THEN the base is what was kept
      expect(result.stdout).toContain('from-the-kept-render');
    } finally {
      writeFileSync(file, original);
    }
  });

  test('a commit whose render failed (compared with its committed dist/) is not kept', () => {
    const broken = git(repo, 'rev-parse', 'broken').trim();
    expect(fallback.stdout).toContain('the base could not be rendered');
    expect(readdirSync(join(repo, '.git', 'maas-diff')).filter((name) => name.startsWith(broken.slice(0, 12)))).toEqual([]);
  });
});
