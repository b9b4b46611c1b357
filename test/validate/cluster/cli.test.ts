// The cluster model in `npm run validate`: its tables, its findings, and the one switch that decides whether
// they fail the run (CLUSTER_MODEL_MODE in lib/validate/cluster/index.ts, or --cluster-model).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLUSTER_MODEL_MODE } from '../../../lib/validate/cluster';
import { command } from '../../helpers';
import { CRDS_DIR, ROOT } from '../helpers';

// The CLI as `npm run validate` runs it (built by jest's global setup), with the validator cache `npm test` filled.
const scratch = mkdtempSync(join(tmpdir(), 'maas-cluster-cli-'));
const bundle = command('validate');

function run(args: string[]) {
  return spawnSync(process.execPath, [bundle, '--dist', 'test/fixtures/pre-fix/dist', '--environments', join(scratch, 'no-environments'), ...args], {
    cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MAAS_CRDS_DIR: CRDS_DIR },
  });
}

/** The summary's error count (warnings follow the summary). */
function errorsOf(stdout: string): number {
  return Number(/\nvalidate: .*: (\d+) errors? in \d+\.\d\d s\n/.exec(stdout)?.[1]);
}

// Without the cluster model the pre-fix render has the schema and reference errors of the other rules only
// (ref-secret-creator: the zync and ai-client Secrets nothing creates).
let baselineErrors: number | undefined;
const baseline = () => (baselineErrors ??= errorsOf(run(['--cluster-model', 'off']).stdout));

test('without --cluster-model the mode is CLUSTER_MODEL_MODE, enforce: the pre-fix render fails', () => {
  expect(CLUSTER_MODEL_MODE).toBe('enforce');
  const result = run([]);
  expect(result.stdout).toMatch(/\ncluster model \(enforce\): \d+ findings in 3 environments in \d+\.\d\d s\n/);
  expect(result.status).toBe(1);
});

test('report mode prints tables and findings and does not count them as errors on the pre-fix render', () => {
  const result = run(['--cluster-model', 'report']);
  expect(result.stdout).toContain('cluster model: staging (Argo CD 2.13)\n  first sync from an empty cluster:\n');
  expect(result.stdout).toMatch(/\n {4}2 +1 NetworkPolicy, 1 ConfigMap, 1 ExternalSecret, 2 ServingRuntime +stops: ExternalSecret maas-3scale\/oidc-issuer-ai-realm waits for Secret keycloak-client-secret-3scale-zync, created by KeycloakClient maas-sso\/3scale-zync in wave 3; it is Degraded \("could not get secret data from provider"\)\n/);
  expect(result.stdout).toContain('  path of maas-models/iris (Serverless):\n');
  expect(result.stdout).toContain('test/fixtures/pre-fix/dist/staging/gateway/externalsecret.maas-3scale.oidc-issuer-ai-realm.yaml:1:1 ExternalSecret/maas-3scale/oidc-issuer-ai-realm: cluster-sync-order: first sync stops at wave 2:');
  expect(result.stdout).toMatch(/\ncluster model \(report: printed, not counted as errors\): \d+ findings in 3 environments in \d+\.\d\d s\nvalidate: /);
  expect(errorsOf(result.stdout)).toBe(baseline());
  expect(baseline()).toBe(5);
});

test('enforce mode counts the findings as errors and exits 1 on the pre-fix render', () => {
  const result = run(['--cluster-model', 'enforce']);
  const count = Number(/cluster model \(enforce\): (\d+) findings/.exec(result.stdout)?.[1]);
  expect(count).toBeGreaterThan(0);
  expect(errorsOf(result.stdout)).toBe(baseline() + count);
  expect(result.status).toBe(1);
});

test('off skips the model; an unknown mode is refused', () => {
  expect(run(['--cluster-model', 'off']).stdout).not.toContain('cluster model');
  const bad = run(['--cluster-model', 'strict']);
  expect(bad.stderr).toBe('validate: --cluster-model must be report, enforce or off, not "strict"\n');
  expect(bad.status).toBe(2);
});
