import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { IN_CLUSTER_SCRIPT } from '../../lib/smoke/in-cluster-script';
import type { SmokePlan } from '../../lib/smoke/plan';
import { runSmoke } from '../../lib/smoke/run';
import { ROOT, tempDir } from '../helpers';

/** A token endpoint and models that answer as an attacker or a broken gateway would. */
let server: Server;
let base: string;
const SECRET = 'very-secret-value';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024));
let dir: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const path = req.url ?? '';
    if (path === '/token-echo') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_client', error_description: `got ${req.headers.authorization} \u001b[31mred\r\nok    forged line` }));
    } else if (path === '/token') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer' }));
    } else if (path === '/endless') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const write = () => { while (res.write(chunk)); };
      res.on('drain', write);
      write();
    } else if (path === '/bomb') {
      res.writeHead(500, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
      res.end(BOMB);
    } else if (path === '/redirect') {
      res.writeHead(302, { location: `${base}/elsewhere` });
      res.end();
    } else if (path === '/echo') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`you sent ${req.headers.authorization} \u001b]0;title\u0007`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = tempDir();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});

const plan = (tokenPath: string, models: string[]): SmokePlan => ({
  environment: 'hostile',
  tokenUrl: `${base}${tokenPath}`,
  clientId: 'ai-client',
  models: models.map((name) => ({ name, url: `${base}/${name}`, method: 'POST', body: {} })),
} as unknown as SmokePlan);

describe('npm run smoke against a hostile server', () => {
  test('an endless body and a gzip bomb: at most 64 KiB is read, and the check ends', async () => {
    const started = performance.now();
    const report = await runSmoke(plan('/token', ['endless', 'bomb']), { clientSecret: SECRET, timeoutMs: 20_000 });
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(report.models.map((m) => m.checks[0].status)).toEqual([500, 500]);
    expect(report.models[0].checks[0].detail).toMatch(/^expected 2xx; body: a{117}\.\.\.$/);
  });

  test('a redirect is not followed: the verdict is the redirect itself', async () => {
    const report = await runSmoke(plan('/token', ['redirect']), { clientSecret: SECRET, timeoutMs: 5000 });
    expect(report.models[0].checks[0]).toMatchObject({ ok: false, status: 302 });
  });

  test('server text is printed without our secret, the Basic value, the token, escapes or line breaks', async () => {
    const refused = await runSmoke(plan('/token-echo', []), { clientSecret: SECRET, timeoutMs: 5000 });
    const echoed = await runSmoke(plan('/token', ['echo']), { clientSecret: SECRET, timeoutMs: 5000 });
    const printed = [refused.token.detail, ...echoed.models[0].checks.map((c) => c.detail)].join('\n');
    const basic = Buffer.from(`ai-client:${SECRET}`).toString('base64');
    for (const secret of [SECRET, basic, TOKEN, TOKEN.slice(0, 20), '\u001b', '\r']) expect(printed).not.toContain(secret);
    expect(refused.token.detail).toBe('token endpoint refused client "ai-client": invalid_client (got Basic *** \\x1b[31mred\\x0d\\x0aok    forged line); check the client id and secret (MAAS_CLIENT_ID, MAAS_CLIENT_SECRET or --credentials-file)');
  });
});

describe('the PostSync Job script against a hostile server', () => {
  function job(p: SmokePlan, env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; ms: number }> {
    writeFileSync(join(dir, 'smoke.mjs'), IN_CLUSTER_SCRIPT);
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(p));
    const started = performance.now();
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--max-old-space-size=128', join(dir, 'smoke.mjs'), join(dir, 'plan.json')], {
        env: { PATH: process.env.PATH ?? '', MAAS_CLIENT_SECRET: SECRET, ...env },
      });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('close', (status) => resolve({ status, stdout, ms: performance.now() - started }));
    });
  }

  test('an endless body and a gzip bomb end within the timeout and a 128 MiB heap; a redirect is not followed', async () => {
    const result = await job(plan('/token', ['endless', 'bomb', 'redirect']), { SMOKE_TIMEOUT_SECONDS: '20' });
    expect(result.ms).toBeLessThan(15_000);
    const lines = result.stdout.trim().split('\n').map((l) => l.replace(/ {2}\d+ ms {2}/, '  N ms  '));
    expect(lines).toContain('FAIL  endless predict  500  N ms  UNEXPECTED: expected 2xx');
    expect(lines).toContain('FAIL  bomb predict  500  N ms  UNEXPECTED: expected 2xx');
    expect(lines).toContain('FAIL  redirect predict  302  N ms  UNEXPECTED: expected 2xx');
    expect(result.status).toBe(1);
  }, 30_000);

  test('server text is printed without the secret, the Basic value, escapes or line breaks', async () => {
    const result = await job(plan('/token-echo', []));
    const basic = Buffer.from(`ai-client:${SECRET}`).toString('base64');
    for (const secret of [SECRET, basic, '\u001b', '\r']) expect(result.stdout).not.toContain(secret);
    expect(result.stdout.split('\n')[1]).toMatch(/^FAIL {2}token {2}401 {2}\d+ ms {2}token endpoint refused client "ai-client": invalid_client \(got Basic \*\*\* \\x1b\[31mred\\x0d\\x0aok {4}forged line\)$/);
  });

  test('NODE_TLS_REJECT_UNAUTHORIZED=0 is ignored, and says so', async () => {
    const result = await job(plan('/token', []), { NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    expect(result.stdout.split('\n')[0]).toBe('note  NODE_TLS_REJECT_UNAUTHORIZED is ignored: TLS certificates are always verified');
  });

  test('a timeout above what a timer holds is bounded to an hour, not 1 ms', async () => {
    const result = await job(plan('/token', []), { SMOKE_TIMEOUT_SECONDS: '99999999' });
    expect(result.stdout).toContain('ok    token  200');
  });
});

describe('npm run smoke arguments', () => {
  const smoke = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'build', 'smoke.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });

  test('a secret given as a positional argument is not echoed', () => {
    const result = smoke(['--env', 'dev', 'my-pasted-secret']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('my-pasted-secret');
    expect(result.stderr.split('\n')[0]).toBe('unexpected argument (not shown: it may be a secret); this command takes only options');
  });

  test('--timeout-seconds above an hour is refused, not turned into 1 ms', () => {
    const result = smoke(['--plan', join(dir, 'plan.json'), '--timeout-seconds', '2147484'], { MAAS_CLIENT_SECRET: SECRET });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('--timeout-seconds: 2147484 is more than 3600 (an hour)\n');
  });
});
