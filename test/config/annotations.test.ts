import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAnnotations } from '../../lib/config/annotations';
import { ROOT, tempDir } from '../helpers';

describe('formatAnnotations', () => {
  test('GIVEN problems of two files WHEN formatted THEN each is one workflow error command on its file and line', () => {
    const problems = new Map([
      ['environments/dev.yaml', [{ line: 3, path: 'stage', message: '"tst" is not one of dev, staging, prod' }]],
      ['environments/prod.yaml', [{ line: 1, path: '', message: 'holds no environment file (*.yaml)' }]],
    ]);
    expect(formatAnnotations(problems)).toBe(
      [
        '::error file=environments/dev.yaml,line=3,title=invalid environment file::stage: "tst" is not one of dev, staging, prod',
        '::error file=environments/prod.yaml,line=1,title=invalid environment file::holds no environment file (*.yaml)',
      ].join('\n'),
    );
  });

  test('escapes what the runner would read as a command: %, newlines, and , and : in properties', () => {
    const problems = new Map([['envs/a,b:c.yaml', [{ line: 7, path: 'x', message: '100% sure\nsecond line' }]]]);
    expect(formatAnnotations(problems)).toBe('::error file=envs/a%2Cb%3Ac.yaml,line=7,title=invalid environment file::x: 100%25 sure%0Asecond line');
  });
});

describe('render command on GitHub Actions', () => {
  /** Renders a folder holding one invalid environment file. */
  function renderInvalid(env: Record<string, string>) {
    const dir = tempDir();
    mkdirSync(join(dir, 'environments'));
    writeFileSync(join(dir, 'environments', 'test.yaml'), 'stage: tst\n');
    return spawnSync(process.execPath, [join(ROOT, 'build', 'main.js'), '--environments', 'environments', '--out', 'dist'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  }

  test('GIVEN GITHUB_ACTIONS=true WHEN a file is invalid THEN each problem is also printed as an annotation', () => {
    const result = renderInvalid({ GITHUB_ACTIONS: 'true' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error file=environments/test.yaml,line=1,title=invalid environment file::stage: "tst" is not one of dev, staging, prod\n');
    expect(result.stderr).toContain('  line 1  stage: "tst" is not one of dev, staging, prod');
  });

  test('GIVEN no GITHUB_ACTIONS WHEN a file is invalid THEN no annotation is printed', () => {
    const result = renderInvalid({});
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('::error');
  });
});
