import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers';
import { startPeers, type Peers } from './peers';

const SMOKE = join(ROOT, 'build', 'smoke.js');
/** Environment files of the tests' own (not the shipped ones). */
const FIXTURES = ['--environments', 'test/fixtures/environments'];

/** Runs the built command (asynchronously: the peers answer from this process's children). */
function smoke(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SMOKE, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let peers: Peers;
let planFile: string;
beforeAll(async () => {
  peers = await startPeers();
  planFile = join(tempDir(), 'plan.json');
  writeFileSync(planFile, JSON.stringify(peers.plan));
});
afterAll(() => peers?.stop());
beforeEach(() => peers.control({}));

describe('npm run smoke', () => {
  test('prints a table and PASSED, and exits 0, when every check passes', async () => {
    const result = await smoke(['--plan', planFile], { MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n').map((l) => l.replace(/ +\d+ ms/, ' N ms'));
    expect(lines).toContain('token                           200 N ms  ok: bearer JWT for client "ai-client", expires in 300 s');
    expect(lines).toContain('iris tampered token             401 N ms  ok: rejected as expected');
    expect(lines.at(-2)).toBe('PASSED: 7 checks (token, then 2 model(s) x predict, no token, tampered token)');
  });

  test('GIVEN a model with smoke.predict false WHEN every check passes THEN PASSED names the model not called with a token', async () => {
    // GIVEN
    const file = join(tempDir(), 'plan-no-predict.json');
    writeFileSync(file, JSON.stringify({ ...peers.plan, models: [{ ...peers.plan.models[0], predict: false }, ...peers.plan.models.slice(1)] }));

    // WHEN
    const result = await smoke(['--plan', file], { MAAS_CLIENT_SECRET: peers.clientSecret });

    // THEN
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').at(-2)).toBe('PASSED: 6 checks (token, then 2 model(s) x no token, tampered token, and predict on all but iris (smoke.predict: false))');
  });

  test('--json prints the report, and exits 1 when the gateway rate-limits', async () => {
    // GIVEN
    await peers.control({ rateLimited: true });

    // WHEN
    const result = await smoke(['--plan', planFile, '--json'], { MAAS_CLIENT_SECRET: peers.clientSecret });

    // THEN
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ environment: 'loopback', clientId: 'ai-client', ok: false, token: { ok: true, status: 200 } });
    expect(report.models[0].checks[0]).toMatchObject({ check: 'predict', ok: false, outcome: 'rate-limited', status: 429 });
  });

  test('takes the credentials from a file, and reports a wrong secret at the token step', async () => {
    const file = join(tempDir(), 'creds.env');
    writeFileSync(file, 'CLIENT_ID=ai-client\nCLIENT_SECRET=wrong\n');
    const result = await smoke(['--plan', planFile, '--credentials-file', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^token +401 +\d+ ms {2}REJECTED: token endpoint refused client "ai-client": invalid_client \(client authentication failed\); check/m);
    expect(result.stdout).toMatch(/\nFAILED: 5 of 7 checks\n$/);
  });

  test('never prints the secret or the token', async () => {
    const result = await smoke(['--plan', planFile, '--json'], { MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.stdout).not.toContain(peers.clientSecret);
    expect(result.stdout).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  test('refuses a plain http URL to a host other than loopback, exit 2, nothing sent', async () => {
    const file = join(tempDir(), 'plan.json');
    writeFileSync(file, JSON.stringify({ ...peers.plan, models: [{ ...peers.plan.models[0], url: 'http://iris-api.apps.example.com/v1/models/iris:predict' }] }));
    const result = await smoke(['--plan', file], { MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('refusing http://iris-api.apps.example.com/v1/models/iris:predict: plain http is allowed only to loopback (127.0.0.1, localhost, ::1); use https\n');
  });

  test('refuses a secret given as an argument, exit 2', async () => {
    const result = await smoke([...FIXTURES, '--env', 'dev', '--client-secret', 'x']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('--client-secret: secrets are not accepted as arguments (shell history, process list); set MAAS_CLIENT_SECRET or use --credentials-file\n');
  });

  test('fails before any request when no secret is given, exit 2', async () => {
    const result = await smoke([...FIXTURES, '--env', 'dev']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("no client secret: set MAAS_CLIENT_SECRET (and MAAS_CLIENT_ID if not the environment's client) or use --credentials-file FILE\n");
  });

  test('fails before any request when the plan has no client id and none is given, naming the application, exit 2', async () => {
    const file = join(tempDir(), 'plan.json');
    writeFileSync(file, JSON.stringify({
      environment: 'x', tokenUrl: 'https://kc.example.com/token', clientId: '', consumer: 'ai-client',
      models: [{ name: 'iris', url: 'https://iris.example.com/predict', method: 'POST', body: {}, application: 'ai-client.iris' }],
    }));
    const result = await smoke(['--plan', file], { MAAS_CLIENT_SECRET: 's' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('no client id: 3scale chooses it per application; set MAAS_CLIENT_ID (or CLIENT_ID in --credentials-file) to the client id of application ai-client.iris\n');
  });

  test('fails on a credentials file without a secret, exit 2', async () => {
    const file = join(tempDir(), 'creds.env');
    writeFileSync(file, 'CLIENT_ID=ai-client\n');
    const result = await smoke(['--plan', planFile, '--credentials-file', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`${file}: no client secret found; expected one of the keys MAAS_CLIENT_SECRET, CLIENT_SECRET, clientSecret, client_secret\n`);
  });

  test('fails on an unknown environment, naming the known ones', async () => {
    const result = await smoke([...FIXTURES, '--env', 'qa']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('no environment "qa" in test/fixtures/environments/; environments: dev, prod, staging\n');
  });

  test('fails on a CA file that holds no PEM certificate', async () => {
    const file = join(tempDir(), 'ca.txt');
    writeFileSync(file, 'not a certificate');
    const result = await smoke(['--plan', planFile, '--ca-file', file], { MAAS_CLIENT_SECRET: peers.clientSecret });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`--ca-file ${file}: no PEM certificate in it\n`);
  });

  test('fails on a plan file that is not a plan', async () => {
    const file = join(tempDir(), 'plan.json');
    writeFileSync(file, '{"tokenUrl": "https://kc.example.com/token"}');
    const result = await smoke(['--plan', file], { MAAS_CLIENT_SECRET: 's' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`plan ${file}: not a smoke plan; expected {environment, tokenUrl, clientId, models: [{name, url, method: "POST", body}]} as --print-plan writes it\n`);
  });

  test('--print-plan shows the environment\'s plan, derived from the charts, with https URLs only', async () => {
    const result = await smoke([...FIXTURES, '--env', 'staging', '--print-plan']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      environment: 'staging',
      tokenUrl: 'https://keycloak-maas-sso.apps.staging.maas.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
      clientId: '',
      consumer: 'ai-client',
      clientsUrl: 'https://keycloak-maas-sso.apps.staging.maas.example.com/auth/admin/realms/ai-realm/clients',
      models: [
        {
          name: 'granite-chat',
          url: 'https://granite-chat-api-staging.apps.staging.maas.example.com/v1/chat/completions',
          method: 'POST',
          body: { model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 },
          application: 'ai-client.granite-chat',
        },
        {
          name: 'iris',
          url: 'https://iris-api-staging.apps.staging.maas.example.com/predict',
          method: 'POST',
          body: { instances: [[1, 2, 3, 4]] },
          application: 'ai-client.iris',
        },
      ],
    });
  });
});
