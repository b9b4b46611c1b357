/**
 * The check the PostSync Job runs: `node smoke.mjs plan.json`, with `MAAS_CLIENT_ID` and `MAAS_CLIENT_SECRET`
 * from the API client's Secret. The same checks and verdicts as `npm run smoke` (lib/smoke/run.ts), written
 * without dependencies for a stock Node.js 20 image: token with the client-credentials grant, then per model
 * a call with the token (the model's expected status, else 2xx; none with `predict: false`), without a token
 * (401/403) and with a tampered token (401/403). It prints one
 * line per check, never a token or a secret, and exits 1 on any failure.
 *
 * Kept in the ConfigMap as text so that reviewers read it in the rendered YAML; tested against the same
 * loopback peers as the command (test/smoke/in-cluster-script.test.ts).
 */
export const IN_CLUSTER_SCRIPT = String.raw`// MaaS smoke check (Argo CD PostSync hook). Source: lib/smoke/in-cluster-script.ts
import { readFileSync } from 'node:fs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const clientId = process.env.MAAS_CLIENT_ID || plan.clientId;
const clientSecret = process.env.MAAS_CLIENT_SECRET;
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_SECONDS || '10') * 1000;
let failures = 0;

function report(ok, check, status, ms, detail) {
  if (!ok) failures += 1;
  console.log([ok ? 'ok  ' : 'FAIL', check, status ?? '-', ms === undefined ? '-' : ms + ' ms', detail].join('  '));
}

// Plain http is allowed to loopback only: a token sent over a network in clear text can be replayed.
function allowed(url) {
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
}

async function send(url, init) {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, ms: Math.round(performance.now() - started) };
}

async function getToken() {
  const basic = Buffer.from(encodeURIComponent(clientId) + ':' + encodeURIComponent(clientSecret)).toString('base64');
  try {
    const r = await send(plan.tokenUrl, {
      method: 'POST',
      headers: { authorization: 'Basic ' + basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });
    let json = {};
    try { json = JSON.parse(r.text); } catch {}
    if (r.status !== 200) {
      report(false, 'token', r.status, r.ms, 'token endpoint refused client "' + clientId + '": ' + (json.error || 'status ' + r.status) + (json.error_description ? ' (' + json.error_description + ')' : ''));
      return undefined;
    }
    if (typeof json.access_token !== 'string' || json.access_token.split('.').length !== 3) {
      report(false, 'token', r.status, r.ms, 'the answer holds no JWT access token');
      return undefined;
    }
    report(true, 'token', r.status, r.ms, 'bearer JWT for client "' + clientId + '"');
    return json.access_token;
  } catch (error) {
    report(false, 'token', undefined, undefined, String(error.cause?.message || error.message));
    return undefined;
  }
}

// One character in the middle of the signature changed: the last one may carry only padding bits.
function tamper(token) {
  const [header, payload, signature] = token.split('.');
  const i = Math.floor(signature.length / 2);
  return header + '.' + payload + '.' + signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1);
}

async function check(model, name, token) {
  const label = model.name + ' ' + name;
  try {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    const r = await send(model.url, { method: model.method, headers, body: JSON.stringify(model.body) });
    const refused = r.status === 401 || r.status === 403;
    const success = r.status >= 200 && r.status < 300;
    const expected = model.expectedStatus === undefined ? success : r.status === model.expectedStatus;
    if (r.status === 429) report(false, label, r.status, r.ms, 'RATE-LIMITED: the gateway answered 429');
    else if (name === 'predict') report(expected, label, r.status, r.ms, expected ? 'answered' : refused ? 'REJECTED: the gateway rejected the token' : 'UNEXPECTED: expected ' + (model.expectedStatus ?? '2xx'));
    else report(refused, label, r.status, r.ms, refused ? 'rejected as expected' : success ? 'ACCEPTED: the model is not protected' : 'UNEXPECTED: expected 401 or 403');
  } catch (error) {
    report(false, label, undefined, undefined, 'ERROR: ' + String(error.cause?.message || error.message));
  }
}

const refused = [plan.tokenUrl, ...plan.models.map((m) => m.url)].filter((url) => !allowed(url));
if (refused.length > 0 || !clientSecret) {
  for (const url of refused) console.log('FAIL  refusing ' + url + ': use https (plain http only to loopback)');
  if (!clientSecret) console.log('FAIL  MAAS_CLIENT_SECRET is not set (from the API client Secret)');
  process.exit(2);
}
console.log('smoke check of environment "' + plan.environment + '", token endpoint ' + plan.tokenUrl);
const token = await getToken();
for (const model of plan.models) {
  if (model.predict === false) { /* smoke.predict: false: only the refusals are checked */ }
  else if (token) await check(model, 'predict', token); else report(false, model.name + ' predict', undefined, undefined, 'SKIPPED: no token');
  await check(model, 'no token', undefined);
  if (token) await check(model, 'tampered token', tamper(token)); else report(false, model.name + ' tampered token', undefined, undefined, 'SKIPPED: no token');
}
console.log(failures === 0 ? 'PASSED' : 'FAILED: ' + failures + ' check(s)');
process.exit(failures === 0 ? 0 : 1);
`;
