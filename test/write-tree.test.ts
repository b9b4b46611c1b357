import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RENDERED_MARKER, type RenderedTree } from '../lib/render';
import { writeTree } from '../lib/write-tree';
import { readTree, ROOT, tempDir, treeDifferences } from './helpers';

const MAIN = join(ROOT, 'build', 'main.js');
/** The environments these tests render: the example ones, not whatever `environments/` ships. */
const EXAMPLES = join(ROOT, 'test', 'fixtures', 'environments');
const MARKER: [string, string] = [RENDERED_MARKER, 'rendered\n'];

const created: string[] = [];
afterAll(() => {
  for (const dir of created) {
    spawnSync('chmod', ['-R', 'u+rwx', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder in $TMPDIR, removed after the tests. */
function scratch(): string {
  const dir = tempDir('maas-write-tree-');
  created.push(dir);
  return dir;
}

/** A tree with one file per environment, holding `content`. */
function treeOf(environments: readonly string[], content: string): RenderedTree {
  return new Map([MARKER, ...environments.map((env): [string, string] => [`${env}/a/object.yaml`, `${env}: ${content}\n`])]);
}

/** The entries beside the output folder other than the folder itself (leftovers, locks). */
function besides(parent: string): string[] {
  return readdirSync(parent).filter((entry) => entry !== 'out').sort();
}

describe('writeTree refuses a folder it did not render', () => {
  test('a folder with files and no marker (e.g. --out . or --out environments) is left untouched', () => {
    // GIVEN a project-like folder
    const parent = scratch();
    const out = join(parent, 'out');
    mkdirSync(join(out, '.git'), { recursive: true });
    writeFileSync(join(out, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(out, 'dev.yaml'), 'stage: dev\n');
    const before = readTree(out);

    // WHEN / THEN
    expect(() => writeTree(out, treeOf(['dev'], 'new'))).toThrow(
      `${out} was not rendered by this tool (it holds no .maas-rendered file); refusing to replace it, nothing was changed. Choose an empty or new folder for --out`,
    );
    expect(treeDifferences(before, readTree(out))).toEqual([]);
    expect(besides(parent)).toEqual([]);
  });

  test('a file', () => {
    const parent = scratch();
    const out = join(parent, 'out');
    writeFileSync(out, 'a file');
    expect(() => writeTree(out, treeOf(['dev'], 'new'))).toThrow(`${out} is not a folder; refusing to replace it, nothing was changed. Choose a folder for --out`);
    expect(readFileSync(out, 'utf8')).toBe('a file');
  });

  test('a symbolic link', () => {
    const parent = scratch();
    const out = join(parent, 'out');
    mkdirSync(join(parent, 'real'));
    symlinkSync(join(parent, 'real'), out);
    expect(() => writeTree(out, treeOf(['dev'], 'new'))).toThrow(
      `${out} is a symbolic link; refusing to replace it, nothing was changed. Give the folder it points to as --out`,
    );
  });
});

describe('writeTree', () => {
  test('writes into an absent or an empty folder, and replaces a folder it rendered, removing what is no longer rendered', () => {
    const parent = scratch();
    const out = join(parent, 'out');
    writeTree(out, treeOf(['dev', 'old'], 'v1'));
    mkdirSync(join(parent, 'empty'));
    writeTree(join(parent, 'empty'), treeOf(['dev'], 'v1'));

    const result = writeTree(out, treeOf(['dev', 'prod'], 'v2'));

    expect(result.notes).toEqual([]);
    expect(treeDifferences(treeOf(['dev', 'prod'], 'v2'), readTree(out))).toEqual([]);
    expect(treeDifferences(treeOf(['dev'], 'v1'), readTree(join(parent, 'empty')))).toEqual([]);
    expect(besides(parent)).toEqual(['empty']);
  });

  test('with `environments`, replaces only those folders', () => {
    const parent = scratch();
    const out = join(parent, 'out');
    writeTree(out, treeOf(['dev', 'prod'], 'v1'));

    writeTree(out, treeOf(['dev'], 'v2'), { environments: ['dev'] });

    expect(treeDifferences(new Map([MARKER, ['dev/a/object.yaml', 'dev: v2\n'], ['prod/a/object.yaml', 'prod: v1\n']]), readTree(out))).toEqual([]);
  });

  test('refuses while another render holds the lock, and takes over the lock of a process that is gone', () => {
    // GIVEN a lock held by this (running) process
    const parent = scratch();
    const out = join(parent, 'out');
    writeTree(out, treeOf(['dev'], 'v1'));
    writeFileSync(join(parent, '.out.lock'), `${process.pid}\n`);

    // WHEN / THEN
    expect(() => writeTree(out, treeOf(['dev'], 'v2'))).toThrow(
      `another render (pid ${process.pid}) is writing ${out}; ${out} is unchanged. Wait for it to finish (if no render is running, remove ${join(parent, '.out.lock')})`,
    );
    expect(readTree(out).get('dev/a/object.yaml')).toBe('dev: v1\n');

    // GIVEN a lock of a process that has exited
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(parent, '.out.lock'), `${gone}\n`);
    writeTree(out, treeOf(['dev'], 'v2'));
    expect(readTree(out).get('dev/a/object.yaml')).toBe('dev: v2\n');
    expect(besides(parent)).toEqual([]);
  });
});

describe('writeTree after a render was killed', () => {
  /** The state a run with pid 999999 leaves when killed after moving `dev` in, before `prod`. */
  function killedMidSwap() {
    const parent = scratch();
    const out = join(parent, 'out');
    writeTree(out, treeOf(['dev', 'prod', 'gone'], 'old'));
    const staging = join(parent, '.out-new-999999');
    const retired = join(parent, '.out-old-999999');
    for (const [file, content] of treeOf(['dev', 'prod'], 'killed')) {
      mkdirSync(join(staging, file, '..'), { recursive: true });
      writeFileSync(join(staging, file), content);
    }
    writeFileSync(join(staging, '.swap.json'), JSON.stringify({ replace: ['.maas-rendered', 'dev', 'prod'], remove: ['gone'] }));
    mkdirSync(retired);
    renameSync(join(out, 'dev'), join(retired, 'dev'));
    renameSync(join(staging, 'dev'), join(out, 'dev'));
    return { parent, out, staging, retired };
  }

  test('a complete tree beside the folder: the swap is finished, and the note says so', () => {
    // GIVEN
    const { parent, out } = killedMidSwap();

    // WHEN a new render runs
    const result = writeTree(out, treeOf(['dev', 'prod'], 'new'));

    // THEN the killed run's swap was finished first, then the new tree written; nothing is left beside
    expect(result.notes).toEqual([`finished the swap of an interrupted render (pid 999999): ${out} now holds its complete tree`]);
    expect(treeDifferences(treeOf(['dev', 'prod'], 'new'), readTree(out))).toEqual([]);
    expect(besides(parent)).toEqual([]);
  });

  test('an incomplete tree beside the folder: it is removed, what was moved away is moved back, and the note says so', () => {
    // GIVEN a killed run whose journal is gone (killed while writing it), `dev` moved away
    const { parent, out, staging, retired } = killedMidSwap();
    rmSync(join(staging, '.swap.json'));
    rmSync(join(out, 'dev'), { recursive: true });
    expect(existsSync(join(retired, 'dev'))).toBe(true);

    // WHEN a render runs
    const result = writeTree(out, treeOf(['dev', 'prod'], 'new'));

    // THEN
    expect(result.notes).toEqual([`removed the incomplete tree of an interrupted render (pid 999999), and moved back dev into ${out}`]);
    expect(treeDifferences(treeOf(['dev', 'prod'], 'new'), readTree(out))).toEqual([]);
    expect(besides(parent)).toEqual([]);
  });

  test('random kills of `npm run synth`: each environment is wholly old or wholly new, or waits complete beside; the next run repairs', async () => {
    // GIVEN a workspace with six environments (the examples, repeated), and two versions of them that render differently
    const dir = scratch();
    const environments = join(dir, 'environments');
    const out = join(dir, 'dist');
    mkdirSync(environments);
    const shipped = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
    const texts = Array.from({ length: 6 }, (_, i) => readFileSync(join(EXAMPLES, shipped[i % shipped.length]), 'utf8'));
    const version = (v: 'a' | 'b') => texts.forEach((text, i) => writeFileSync(join(environments, `env${i}.yaml`), text.replace(/^(\s*displayName: ).*$/m, `$1Version ${v}`)));
    const render = () => spawnSync(process.execPath, [MAIN, '--environments', environments, '--out', out], { encoding: 'utf8' });
    const renders: Record<'a' | 'b', Map<string, string>> = { a: new Map(), b: new Map() };
    for (const v of ['a', 'b'] as const) {
      version(v);
      const started = performance.now();
      expect(render().status).toBe(0);
      renders[v] = readTree(out);
      (renders as Record<string, unknown>)[`${v}Ms`] = performance.now() - started;
    }
    const fullMs = (renders as unknown as Record<string, number>).bMs;
    const envFiles = (tree: Map<string, string>, env: string) => new Map([...tree].filter(([file]) => file.startsWith(`${env}/`)));
    const names = Array.from({ length: 6 }, (_, i) => `env${i}`);
    const problems: string[] = [];

    // WHEN renders of alternate versions are killed at random points, mostly near the end where the swap is
    for (let round = 0; round < 8; round++) {
      const v = round % 2 === 0 ? 'a' : 'b';
      version(v);
      const child = spawn(process.execPath, [MAIN, '--environments', environments, '--out', out], { stdio: 'ignore' });
      const delay = fullMs * (0.4 + Math.random() * 0.7);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });

      // THEN at this instant each environment is wholly one version, or the complete tree waits beside
      const now = readTree(out);
      const waiting = readdirSync(dir).filter((entry) => /^\.dist-(new|old)-\d+$/.test(entry));
      for (const env of names) {
        const files = envFiles(now, env);
        if (files.size === 0) {
          if (!waiting.some((entry) => existsSync(join(dir, entry, env)))) problems.push(`round ${round}: ${env} is missing and waits nowhere`);
        } else if (treeDifferences(envFiles(renders.a, env), files).length > 0 && treeDifferences(envFiles(renders.b, env), files).length > 0) {
          problems.push(`round ${round}: ${env} is mixed`);
        }
      }
    }

    // THEN a last render repairs whatever was left, and leaves nothing beside the folder
    version('b');
    const last = render();
    expect(last.status).toBe(0);
    expect(problems).toEqual([]);
    expect(treeDifferences(renders.b, readTree(out))).toEqual([]);
    expect(readdirSync(dir).filter((entry) => entry.startsWith('.'))).toEqual([]);
  }, 180_000);
});

describe('render command output messages', () => {
  const asNobody = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');
  const maybe = asNobody || process.getuid?.() !== 0 ? test : test.skip;

  maybe('a read-only dist/ (as a user who may not write it): the message says dist/ is unchanged, and it is', () => {
    // GIVEN a workspace whose dist/ its user may not change
    const dir = scratch();
    cpSync(EXAMPLES, join(dir, 'environments'), { recursive: true });
    const out = join(dir, 'dist');
    expect(spawnSync(process.execPath, [MAIN, '--environments', join(dir, 'environments'), '--out', out]).status).toBe(0);
    const before = readTree(out);
    if (asNobody) spawnSync('chown', ['-R', 'nobody', dir]);
    chmodSync(dir, 0o755);
    chmodSync(out, 0o555);

    // WHEN
    const command = [process.execPath, MAIN, '--environments', join(dir, 'environments'), '--out', out];
    const result = asNobody
      ? spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...command], { encoding: 'utf8', cwd: dir })
      : spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: dir });

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^render failed: could not replace the environments of ${out}: EACCES: permission denied, rename '[^']+' -> '[^']+'; ${out} is unchanged\\n$`));
    expect(result.stderr).not.toContain('Nothing was written');
    chmodSync(out, 0o755);
    expect(treeDifferences(before, readTree(out))).toEqual([]);
    expect(readdirSync(dir).filter((entry) => entry.startsWith('.'))).toEqual([]);
  });
});

describe('render command with a damaged output folder', () => {
  test('a dangling link and a link loop inside dist/: one warning line naming the file, and dist/ is rendered clean', () => {
    // GIVEN a rendered workspace whose dist/ holds a dangling link and a loop
    const dir = scratch();
    cpSync(EXAMPLES, join(dir, 'environments'), { recursive: true });
    const out = join(dir, 'dist');
    const render = () => spawnSync(process.execPath, [MAIN, '--environments', join(dir, 'environments'), '--out', out], { encoding: 'utf8' });
    expect(render().status).toBe(0);
    const clean = readTree(out);
    symlinkSync(join(dir, 'nowhere'), join(out, 'dev', 'dangling.yaml'));
    symlinkSync('.', join(out, 'dev', 'loop'));

    // WHEN
    const result = render();

    // THEN
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`warning: realm imports not compared with ${out}/: ENOENT: no such file or directory, stat '${join(out, 'dev', 'dangling.yaml')}'\n`);
    expect(treeDifferences(clean, readTree(out))).toEqual([]);
  });
});
