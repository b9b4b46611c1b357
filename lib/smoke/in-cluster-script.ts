/**
 * The check the PostSync Job runs: `node smoke.mjs plan.json`, with `MAAS_CLIENT_ID` and `MAAS_CLIENT_SECRET`
 * of a consumer's client, or with `MAAS_LOOKUP_CLIENT_ID` and `MAAS_LOOKUP_CLIENT_SECRET` of the gateway's
 * (zync's) client, which can read the realm's clients: the script then finds each application's client by the
 * name zync gives it (the 3scale application name; 3scale/zync app/adapters/keycloak_adapter.rb@3scale-2.15-stable,
 * `Client#to_h`), reads its secret and gets one token per application. The same checks and verdicts as `npm run smoke` (lib/smoke/run.ts), written
 * without dependencies for a stock Node.js 20 image: token with the client-credentials grant, then per model
 * a call with the token (the model's expected status, else 2xx; none with `predict: false`), without a token
 * (401/403) and with a tampered token (401/403). It prints one line per check, never a token or a secret
 * (server text is redacted and stripped of control characters), reads at most 1 MiB of any answer, never
 * follows a redirect, always verifies TLS, and exits 1 on any failure.
 *
 * Kept in the ConfigMap as text so that reviewers read it in the rendered YAML; tested against the same
 * loopback peers as the command (test/smoke/in-cluster-script.test.ts).
 */
export const IN_CLUSTER_SCRIPT = String.raw`// MaaS smoke check (Argo CD PostSync hook). Source: lib/smoke/in-cluster-script.ts
import { readFileSync } from 'node:fs';

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let clientId = process.env.MAAS_CLIENT_ID || plan.clientId;
let clientSecret = process.env.MAAS_CLIENT_SECRET;
const lookupId = process.env.MAAS_LOOKUP_CLIENT_ID;
const lookupSecret = process.env.MAAS_LOOKUP_CLIENT_SECRET;
// Between 1 s and an hour: a timer longer than 2^31 ms fires at once, which would fail every request.
const timeoutSeconds = Number(process.env.SMOKE_TIMEOUT_SECONDS || '10');
const timeoutMs = (Number.isFinite(timeoutSeconds) ? Math.min(Math.max(timeoutSeconds, 1), 3600) : 10) * 1000;
// Read at most this much of any answer, after decompression: an endless or a compressed-bomb body must not
// exhaust the Job's memory (128 Mi); a realm's list of clients fits.
const MAX_BODY = 1024 * 1024;
let failures = 0;

// TLS is always verified: Node reads this variable at each connection, so it is removed, not trusted.
if (process.env.NODE_TLS_REJECT_UNAUTHORIZED !== undefined) {
  console.log('note  NODE_TLS_REJECT_UNAUTHORIZED is ignored: TLS certificates are always verified');
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
}

// Text from a server, made safe to print: no secret of ours, no credential-looking value, no control character.
const secrets = [];
function clean(text) {
  let out = String(text).slice(0, 300);
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out
    .replace(/\b(Basic|Bearer)(\s+)[A-Za-z0-9+\/=._~-]{8,}/gi, '$1$2***')
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g, '***')
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\/?#\s@]*@/gi, '$1***@')
    .replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

function report(ok, check, status, ms, detail) {
  if (!ok) failures += 1;
  console.log([ok ? 'ok  ' : 'FAIL', check, status ?? '-', ms === undefined ? '-' : ms + ' ms', detail].join('  '));
}

// Plain http is allowed to loopback only: a token sent over a network in clear text can be replayed.
function allowed(url) {
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
}

// Never follows a redirect: the verdict must come from the URL of the plan, and plain http stays on loopback.
async function send(url, init) {
  const started = performance.now();
  const headers = { ...init.headers, 'accept-encoding': 'identity' };
  const response = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const chunks = [];
  let size = 0;
  const reader = response.body ? response.body.getReader() : undefined;
  while (reader && size < MAX_BODY) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  if (reader) await reader.cancel().catch(() => {});
  const text = Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
  return { status: response.status, headers: response.headers, text, ms: Math.round(performance.now() - started) };
}

// The consumer's client of an application, found in the realm with the gateway client's token.
async function lookUp(adminToken, application) {
  const auth = { authorization: 'Bearer ' + adminToken, accept: 'application/json' };
  const list = await send(plan.clientsUrl + '?first=0&max=1000', { headers: auth });
  const client = list.status === 200 ? JSON.parse(list.text).find((c) => c.name === application) : undefined;
  if (!client) return undefined;
  const secret = await send(plan.clientsUrl + '/' + encodeURIComponent(client.id) + '/client-secret', { headers: auth });
  return secret.status === 200 ? { id: client.clientId, secret: JSON.parse(secret.text).value } : undefined;
}

async function getToken(label = 'token') {
  const basic = Buffer.from(encodeURIComponent(clientId) + ':' + encodeURIComponent(clientSecret)).toString('base64');
  secrets.push(clientSecret, basic);
  try {
    const r = await send(plan.tokenUrl, {
      method: 'POST',
      headers: { authorization: 'Basic ' + basic, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=client_credentials',
    });
    let json = {};
    try { json = JSON.parse(r.text); } catch {}
    if (r.status !== 200) {
      report(false, label, r.status, r.ms, 'token endpoint refused client "' + clientId + '": ' + clean(json.error || 'status ' + r.status) + (json.error_description ? ' (' + clean(json.error_description) + ')' : ''));
      return undefined;
    }
    if (typeof json.access_token !== 'string' || json.access_token.split('.').length !== 3) {
      report(false, label, r.status, r.ms, 'the answer holds no JWT access token');
      return undefined;
    }
    secrets.push(json.access_token);
    report(true, label, r.status, r.ms, 'bearer JWT for client "' + clientId + '"');
    return json.access_token;
  } catch (error) {
    report(false, label, undefined, undefined, clean(error.cause?.message || error.message));
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
    report(false, label, undefined, undefined, 'ERROR: ' + clean(error.cause?.message || error.message));
  }
}

const lookup = !clientSecret && Boolean(lookupSecret) && Boolean(plan.clientsUrl);
const refused = [plan.tokenUrl, ...(lookup ? [plan.clientsUrl] : []), ...plan.models.map((m) => m.url)].filter((url) => !allowed(url));
if (refused.length > 0 || (!clientSecret && !lookup)) {
  for (const url of refused) console.log('FAIL  refusing ' + clean(url) + ': use https (plain http only to loopback)');
  if (!clientSecret && !lookup) console.log('FAIL  neither MAAS_CLIENT_SECRET (a consumer client) nor MAAS_LOOKUP_CLIENT_SECRET (the gateway client) is set');
  process.exit(2);
}
console.log('smoke check of environment "' + plan.environment + '", consumer ' + (plan.consumer ?? '-') + ', token endpoint ' + plan.tokenUrl);
let adminToken;
if (lookup) {
  [clientId, clientSecret] = [lookupId, lookupSecret];
  adminToken = await getToken('lookup token');
}
let token = lookup ? undefined : await getToken();
for (const model of plan.models) {
  if (lookup && adminToken) {
    const found = await lookUp(adminToken, model.application).catch(() => undefined);
    if (found) {
      [clientId, clientSecret] = [found.id, found.secret];
      token = await getToken(model.name + ' token');
    } else {
      token = undefined;
      report(false, model.name + ' token', undefined, undefined, 'no client named "' + model.application + '" in the realm: has zync created it from the 3scale application?');
    }
  }
  if (model.predict === false) { /* smoke.predict: false: only the refusals are checked */ }
  else if (token) await check(model, 'predict', token); else report(false, model.name + ' predict', undefined, undefined, 'SKIPPED: no token');
  await check(model, 'no token', undefined);
  if (token) await check(model, 'tampered token', tamper(token)); else report(false, model.name + ' tampered token', undefined, undefined, 'SKIPPED: no token');
}
console.log(failures === 0 ? 'PASSED' : 'FAILED: ' + failures + ' check(s)');
process.exit(failures === 0 ? 0 : 1);
`;
