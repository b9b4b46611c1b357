import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IN_CLUSTER_SCRIPT } from '../../lib/smoke/in-cluster-script';
import { tempDir } from '../helpers';
import { startPeers, type Peers } from './peers';

let peers: Peers;
let dir: string;
beforeAll(async () => {
  peers = await startPeers();
  // GIVEN the ConfigMap's two files, as the Job mounts them
  dir = tempDir();
  writeFileSync(join(dir, 'smoke.mjs'), IN_CLUSTER_SCRIPT);
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(peers.plan));
});
afterAll(() => peers?.stop());
beforeEach(() => peers.control({}));

/** Runs the script as the Job does: `node smoke.mjs plan.json`, credentials in the environment. */
function job(env: Record<string, string>, planFile = 'plan.json'): Promise<{ status: number | null; lines: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(dir, 'smoke.mjs'), join(dir, planFile)], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('close', (status) => resolve({ status, lines: stdout.trim().split('\n').map((l) => l.replace(/ {2}\d+ ms {2}/, '  N ms  ')) }));
  });
}

describe('the PostSync Job script', () => {
  test('passes and exits 0: token, calls, rejections', async () => {
    const result = await job({ MAAS_CLIENT_ID: 'ai-client', MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.lines.slice(1)).toEqual([
      'ok    token  200  N ms  bearer JWT for client "ai-client"',
      'ok    iris predict  200  N ms  answered',
      'ok    iris no token  401  N ms  rejected as expected',
      'ok    iris tampered token  401  N ms  rejected as expected',
      'ok    granite-chat predict  200  N ms  answered',
      'ok    granite-chat no token  401  N ms  rejected as expected',
      'ok    granite-chat tampered token  401  N ms  rejected as expected',
      'PASSED',
    ]);
    expect(result.status).toBe(0);
  });

  test('GIVEN a model with its own expected status WHEN the model answers another THEN the call fails, naming the status', async () => {
    const [iris, granite] = peers.plan.models;
    writeFileSync(join(dir, 'plan-expected.json'), JSON.stringify({ ...peers.plan, models: [{ ...iris, body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, expectedStatus: 201 }, granite] }));
    const result = await job({ MAAS_CLIENT_SECRET: peers.clientSecret }, 'plan-expected.json');
    expect(result.lines).toContain('FAIL  iris predict  200  N ms  UNEXPECTED: expected 201');
    expect(result.status).toBe(1);
  });

  test('GIVEN a model with predict: false WHEN run THEN only its refusals are checked', async () => {
    const [iris, granite] = peers.plan.models;
    writeFileSync(join(dir, 'plan-no-predict.json'), JSON.stringify({ ...peers.plan, models: [{ ...iris, predict: false }, granite] }));
    const result = await job({ MAAS_CLIENT_SECRET: peers.clientSecret }, 'plan-no-predict.json');
    expect(result.lines.filter((l) => l.includes(' iris '))).toEqual([
      'ok    iris no token  401  N ms  rejected as expected',
      'ok    iris tampered token  401  N ms  rejected as expected',
    ]);
    expect(result.status).toBe(0);
  });

  test('fails with exit 1 when the gateway rate-limits', async () => {
    await peers.control({ rateLimited: true });
    const result = await job({ MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.status).toBe(1);
    expect(result.lines).toContain('FAIL  iris predict  429  N ms  RATE-LIMITED: the gateway answered 429');
    expect(result.lines.at(-1)).toBe('FAILED: 2 check(s)');
  });

  test('fails with exit 1 on a wrong secret, naming the client', async () => {
    const result = await job({ MAAS_CLIENT_SECRET: 'wrong' });
    expect(result.status).toBe(1);
    expect(result.lines[1]).toBe('FAIL  token  401  N ms  token endpoint refused client "ai-client": invalid_client (client authentication failed)');
  });

  test('fails with exit 1 on an expired token', async () => {
    await peers.control({ clockOffsetSeconds: 3600 });
    const result = await job({ MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.status).toBe(1);
    expect(result.lines).toContain('FAIL  iris predict  401  N ms  REJECTED: the gateway rejected the token');
  });

  test('exits 2 without a secret', async () => {
    const result = await job({});
    expect(result).toEqual({ status: 2, lines: ['FAIL  neither MAAS_CLIENT_SECRET (a consumer client) nor MAAS_LOOKUP_CLIENT_SECRET (the gateway client) is set'] });
  });
});

describe('the PostSync Job script, looking the consumer\'s clients up with the gateway client', () => {
  test('finds each application\'s client by name, gets its token and passes', async () => {
    const result = await job({ MAAS_LOOKUP_CLIENT_ID: 'ai-client', MAAS_LOOKUP_CLIENT_SECRET: peers.clientSecret });
    expect(result.lines.slice(1)).toEqual([
      'ok    lookup token  200  N ms  bearer JWT for client "ai-client"',
      'ok    iris token  200  N ms  bearer JWT for client "ai-client"',
      'ok    iris predict  200  N ms  answered',
      'ok    iris no token  401  N ms  rejected as expected',
      'ok    iris tampered token  401  N ms  rejected as expected',
      'ok    granite-chat token  200  N ms  bearer JWT for client "ai-client"',
      'ok    granite-chat predict  200  N ms  answered',
      'ok    granite-chat no token  401  N ms  rejected as expected',
      'ok    granite-chat tampered token  401  N ms  rejected as expected',
      'PASSED',
    ]);
    expect(result.status).toBe(0);
  });

  test('GIVEN a model with predict: false WHEN its client is looked up THEN its token is still fetched for the tampered-token check, and it is not called with it', async () => {
    const [iris, granite] = peers.plan.models;
    writeFileSync(join(dir, 'plan-lookup-no-predict.json'), JSON.stringify({ ...peers.plan, models: [{ ...iris, predict: false }, granite] }));
    const result = await job({ MAAS_LOOKUP_CLIENT_ID: 'ai-client', MAAS_LOOKUP_CLIENT_SECRET: peers.clientSecret }, 'plan-lookup-no-predict.json');
    expect(result.lines.filter((l) => l.includes(' iris '))).toEqual([
      'ok    iris token  200  N ms  bearer JWT for client "ai-client"',
      'ok    iris no token  401  N ms  rejected as expected',
      'ok    iris tampered token  401  N ms  rejected as expected',
    ]);
    expect(result.status).toBe(0);
  });

  test('fails with exit 1 when the realm has no client of an application: zync has not created it', async () => {
    // GIVEN a plan whose iris application has no client in the realm
    const plan = { ...peers.plan, models: peers.plan.models.map((m) => (m.name === 'iris' ? { ...m, application: 'nobody.iris' } : m)) };
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    try {
      const result = await job({ MAAS_LOOKUP_CLIENT_ID: 'ai-client', MAAS_LOOKUP_CLIENT_SECRET: peers.clientSecret });
      expect(result.status).toBe(1);
      expect(result.lines).toContain('FAIL  iris token  -  -  no client named "nobody.iris" in the realm: has zync created it from the 3scale application?');
      expect(result.lines).toContain('FAIL  iris predict  -  -  SKIPPED: no token');
      expect(result.lines).toContain('ok    granite-chat predict  200  N ms  answered');
    } finally {
      writeFileSync(join(dir, 'plan.json'), JSON.stringify(peers.plan));
    }
  });
});
