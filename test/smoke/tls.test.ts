import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runSmoke } from '../../lib/smoke/run';
import { tempDir } from '../helpers';

let server: Server;
let tokenUrl: string;
let caPem: string;

beforeAll(async () => {
  // GIVEN a token endpoint on loopback with a throwaway self-signed certificate (a private CA, as on a cluster)
  const dir = tempDir();
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  caPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: caPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ access_token: 'header.payload.signature', token_type: 'Bearer', expires_in: 60 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/realms/ai-realm/protocol/openid-connect/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('TLS', () => {
  const plan = () => ({ environment: 'tls', tokenUrl, clientId: 'ai-client', models: [] });

  test('refuses a certificate it cannot verify, and says how to trust the CA', async () => {
    const report = await runSmoke(plan(), { clientSecret: 's', timeoutMs: 5000 });
    expect(report.token).toMatchObject({ ok: false, outcome: 'error' });
    expect(report.token.detail).toMatch(/: TLS certificate not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\); pass the cluster's CA with --ca-file \(TLS is always verified\)$/);
  });

  test('still refuses it under NODE_TLS_REJECT_UNAUTHORIZED=0: verification is set per request', async () => {
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const report = await runSmoke(plan(), { clientSecret: 's', timeoutMs: 5000 });
      expect(report.token).toMatchObject({ ok: false, outcome: 'error' });
      expect(report.token.detail).toContain('TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT)');
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });

  test('trusts the certificate when its CA is given (--ca-file)', async () => {
    const report = await runSmoke(plan(), { clientSecret: 's', timeoutMs: 5000, extraCaPem: caPem });
    expect(report.token).toMatchObject({ ok: true, outcome: 'ok', status: 200 });
  });
});
