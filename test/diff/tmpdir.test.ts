import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';

const DIFF = join(ROOT, 'build', 'diff.js');
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, [DIFF, '--base', 'HEAD'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

describe('npm run diff and its temporary folders', () => {
  test('a missing $TMPDIR is one line and exit 2, not a stack trace', () => {
    const result = run({ TMPDIR: '/nonexistent-maas-tmp' });
    expect(result.stderr).toBe('diff: cannot create a temporary folder in /nonexistent-maas-tmp (ENOENT); set TMPDIR to an existing folder you may write to\n');
    expect(result.status).toBe(2);
  });

  test('removes the folders a killed run left, and leaves none of its own', () => {
    // GIVEN the folders of a run that was killed (its process is gone)
    const parent = tempDir('maas-diff-tmp-');
    try {
      const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
      mkdirSync(join(parent, `maas-diff-base-${gone}-abcdef`, 'environments'), { recursive: true });
      mkdirSync(join(parent, `maas-diff-render-${gone}-abcdef`));
      mkdirSync(join(parent, 'someone-else'));

      // WHEN a diff runs
      const result = run({ TMPDIR: parent });

      // THEN
      expect(result.stderr).toBe('');
      expect([0, 1]).toContain(result.status);
      expect(readdirSync(parent)).toEqual(['someone-else']);
    } finally {
      if (existsSync(parent)) rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
