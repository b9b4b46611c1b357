import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';
import { CRDS_DIR } from '../validate/helpers';

function runImport(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['scripts/import.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
}

test('--help prints the usage and exits 0 without importing', () => {
  const result = runImport(['--help']);
  expect(result.stdout).toMatch(/^Usage: npm run import -- \[--online\]\n/);
  expect(result.stdout).toContain('--online   let `cdk8s import` download the URLs of cdk8s.yaml itself');
  expect(result.status).toBe(0);
});

test('an unknown option prints the usage and exits 2', () => {
  const result = runImport(['--bogus']);
  expect(result.stderr).toMatch(/^import: Unknown option '--bogus'.*\n\nUsage: npm run import/);
  expect(result.status).toBe(2);
});

test('without a schema folder it says what to do, with no stack trace, and exits 2', () => {
  const result = runImport([], { MAAS_CRDS_DIR: '/nonexistent/crds' });
  expect(result.stderr).toMatch(/^import: the schema folder \/nonexistent\/crds \(MAAS_CRDS_DIR\) does not exist\.\n {2}Point MAAS_CRDS_DIR at a folder laid out like \.\.\/shared\/crds, or unset it to use \.\.\/shared\/crds or the cache \(.*\)\.\n$/);
  expect(result.status).toBe(2);
});

test('an import of cdk8s.yaml that schema-pins.json does not pin is refused before `cdk8s import` runs', () => {
  // GIVEN a project whose cdk8s.yaml imports an unpinned URL
  const project = tempDir('maas-import-');
  try {
    mkdirSync(join(project, 'scripts'));
    for (const file of ['scripts/import.mjs', 'scripts/schema-places.js', 'schema-pins.json']) cpSync(join(ROOT, file), join(project, file));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    const url = 'https://raw.githubusercontent.com/example/widgets/0000000000000000000000000000000000000000/widgets.yaml';
    writeFileSync(join(project, 'cdk8s.yaml'), `language: typescript\nimports:\n  - widgets:=${url}\n`);
    // WHEN importing
    const result = spawnSync(process.execPath, [join(project, 'scripts', 'import.mjs')], {
      cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MAAS_CRDS_DIR: CRDS_DIR },
    });
    // THEN
    expect(result.stderr).toBe(`import: cdk8s.yaml imports ${url} (module "widgets"), which schema-pins.json does not pin; add it there with its sha256, or run with --online\n`);
    expect(result.status).toBe(2);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

describe('npm run fetch-crds', () => {
  test('--help prints the usage', () => {
    const result = spawnSync(process.execPath, ['scripts/fetch-crds.mjs', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stdout).toMatch(/^Usage: npm run fetch-crds -- \[--dry-run\] \[--out DIR\] \[--force\]\n/);
    expect(result.status).toBe(0);
  });

  test('an unknown option prints the usage and exits 2', () => {
    const result = spawnSync(process.execPath, ['scripts/fetch-crds.mjs', '--bogus'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.stderr).toMatch(/^fetch-crds: Unknown option '--bogus'.*\n\nUsage: npm run fetch-crds/);
    expect(result.status).toBe(2);
  });
});
