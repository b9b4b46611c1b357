import { runSmoke, PlanError, tamper, type SmokeReport } from '../../lib/smoke/run';
import { startPeers, type Peers } from './peers';

let peers: Peers;
beforeAll(async () => {
  peers = await startPeers();
});
afterAll(() => peers?.stop());
beforeEach(() => peers.control({}));

/** Runs the peers' plan with the peers' client credentials unless told otherwise. */
function run(options: { clientSecret?: string; clientId?: string } = {}): Promise<SmokeReport> {
  return runSmoke(peers.plan, { clientSecret: peers.clientSecret, timeoutMs: 5000, ...options });
}

/** `<model> <check>: <outcome> <status>` for every check, to compare whole runs at a glance. */
function outcomes(report: SmokeReport): string[] {
  return [
    `token: ${report.token.outcome} ${report.token.status ?? '-'}`,
    ...report.models.flatMap((m) => m.checks.map((c) => `${m.name} ${c.check}: ${c.outcome} ${c.status ?? '-'}`)),
  ];
}

describe('runSmoke against an OpenID Connect provider and a gateway on loopback', () => {
  test('passes: token, both models answer, calls without a valid token are rejected', async () => {
    // WHEN
    const report = await run();

    // THEN
    expect(report.ok).toBe(true);
    expect(outcomes(report)).toEqual([
      'token: ok 200',
      'iris predict: ok 200',
      'iris no token: ok 401',
      'iris tampered token: ok 401',
      'granite-chat predict: ok 200',
      'granite-chat no token: ok 401',
      'granite-chat tampered token: ok 401',
    ]);
    expect(report.token.detail).toBe('bearer JWT for client "ai-client", expires in 300 s');
    for (const check of [report.token, ...report.models.flatMap((m) => m.checks)]) expect(check.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test('GIVEN a model with its own body and expected status WHEN the model answers another status THEN the call fails, naming both', async () => {
    // GIVEN
    const [iris, granite] = peers.plan.models;
    const plan = { ...peers.plan, models: [{ ...iris, body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, expectedStatus: 201 }, granite] };

    // WHEN
    const report = await runSmoke(plan, { clientSecret: peers.clientSecret, timeoutMs: 5000 });

    // THEN
    expect(report.ok).toBe(false);
    expect(report.models[0].checks[0]).toMatchObject({ check: 'predict', ok: false, outcome: 'unexpected', status: 200 });
    expect(report.models[0].checks[0].detail).toMatch(/^expected 201; body: /);
  });

  test('GIVEN a model with predict: false WHEN run THEN it is not called with a token, and its refusals are still checked', async () => {
    const [iris, granite] = peers.plan.models;
    const report = await runSmoke({ ...peers.plan, models: [{ ...iris, predict: false }, granite] }, { clientSecret: peers.clientSecret, timeoutMs: 5000 });
    expect(report.ok).toBe(true);
    expect(outcomes(report).slice(0, 3)).toEqual(['token: ok 200', 'iris no token: ok 401', 'iris tampered token: ok 401']);
  });

  test('fails at the token step with a wrong client secret, saying what to check', async () => {
    // WHEN
    const report = await run({ clientSecret: 'not-the-secret' });

    // THEN the token is refused, the calls that need it are skipped, the unauthenticated ones still run
    expect(report.ok).toBe(false);
    expect(report.token).toMatchObject({ ok: false, outcome: 'rejected', status: 401 });
    expect(report.token.detail).toBe(
      'token endpoint refused client "ai-client": invalid_client (client authentication failed); ' +
        'check the client id and secret (MAAS_CLIENT_ID, MAAS_CLIENT_SECRET or --credentials-file)',
    );
    expect(outcomes(report).slice(1, 4)).toEqual(['iris predict: skipped -', 'iris no token: ok 401', 'iris tampered token: skipped -']);
  });

  test('reports an expired token as rejected by the gateway, with the gateway\'s reason', async () => {
    // GIVEN the gateway's clock an hour ahead: the 300 s token has expired when it checks it
    await peers.control({ clockOffsetSeconds: 3600 });

    // WHEN
    const report = await run();

    // THEN
    expect(report.ok).toBe(false);
    expect(report.models[0].checks[0]).toMatchObject({ check: 'predict', ok: false, outcome: 'rejected', status: 401 });
    expect(report.models[0].checks[0].detail).toBe("the gateway rejected the token: 'exp' claim timestamp check failed");
  });

  test('reports a token for another audience as rejected', async () => {
    // GIVEN a gateway that requires tokens issued for another API
    await peers.control({ audience: 'https://another-api.example.com' });

    // WHEN
    const report = await run();

    // THEN
    expect(report.models[0].checks[0]).toMatchObject({ outcome: 'rejected', status: 401, detail: "the gateway rejected the token: unexpected 'aud' claim value" });
    expect(report.ok).toBe(false);
  });

  test('reports 429 as rate-limited, and fails', async () => {
    // GIVEN
    await peers.control({ rateLimited: true });

    // WHEN
    const report = await run();

    // THEN
    expect(report.ok).toBe(false);
    expect(report.models.map((m) => m.checks[0])).toEqual([
      expect.objectContaining({ outcome: 'rate-limited', status: 429, detail: "the gateway answered 429 Too Many Requests; retry after 60 s; check the application plan's limits" }),
      expect.objectContaining({ outcome: 'rate-limited', status: 429 }),
    ]);
  });

  test('fails when the gateway lets a call without a token through', async () => {
    // GIVEN a "gateway" that is the model itself: no token check at all
    const model = peers.plan.models[0];
    const open = { ...peers.plan, models: [{ ...model, url: model.url.replace(peers.gatewayUrl, peers.modelUrl) }] };

    // WHEN
    const report = await runSmoke(open, { clientSecret: peers.clientSecret, timeoutMs: 5000 });

    // THEN
    expect(report.models[0].checks.map((c) => `${c.check}: ${c.outcome}`)).toEqual(['predict: ok', 'no token: accepted', 'tampered token: accepted']);
    expect(report.models[0].checks[1].detail).toBe('the gateway accepted a call with no token: the model is not protected');
  });

  test('reports a network error per check and goes on', async () => {
    const plan = { ...peers.plan, models: [{ ...peers.plan.models[0], url: 'http://127.0.0.1:1/v1/models/iris:predict' }] };
    const report = await runSmoke(plan, { clientSecret: peers.clientSecret, timeoutMs: 5000 });
    expect(report.models[0].checks.map((c) => c.outcome)).toEqual(['error', 'error', 'error']);
    expect(report.models[0].checks[0].detail).toMatch(/^POST http:\/\/127\.0\.0\.1:1\/v1\/models\/iris:predict: ECONNREFUSED /);
  });

  test('refuses plain http to a host other than loopback, before sending anything', async () => {
    // GIVEN a plan whose token endpoint is plain http on a network host
    const plan = { ...peers.plan, tokenUrl: 'http://keycloak.example.com/realms/ai-realm/protocol/openid-connect/token' };

    // WHEN / THEN
    await expect(runSmoke(plan, { clientSecret: 'x', timeoutMs: 100 })).rejects.toThrow(PlanError);
    await expect(runSmoke(plan, { clientSecret: 'x', timeoutMs: 100 })).rejects.toThrow(
      'refusing http://keycloak.example.com/realms/ai-realm/protocol/openid-connect/token: plain http is allowed only to loopback (127.0.0.1, localhost, ::1); use https',
    );
  });
});

describe('tamper', () => {
  test('changes exactly one character, in the middle of the signature', () => {
    const token = 'aGVhZGVy.cGF5bG9hZA.QUFBQUFBQUFB';
    const tampered = tamper(token);
    expect(tampered).not.toBe(token);
    expect(tampered.split('.').slice(0, 2)).toEqual(['aGVhZGVy', 'cGF5bG9hZA']);
    expect([...tampered].filter((c, i) => c !== token[i]).length).toBe(1);
  });
});
