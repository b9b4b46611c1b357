import { spawnSync } from 'node:child_process';
import { ROOT } from '../helpers';

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
