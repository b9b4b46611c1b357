// Loopback protocol peers for the smoke tests, run as a child process because oidc-provider and jose are
// ES modules and jest (SWC, CommonJS) cannot load them in-process.
//
//   provider  a standards-compliant OpenID Connect provider (oidc-provider) issuing client-credentials
//             access tokens as JWTs for one resource (audience), with `azp` like Keycloak
//   gateway   a stand-in for 3scale APIcast: verifies the bearer JWT against the provider's JWKS (issuer,
//             audience, expiry, `azp` is a known application), then forwards to the model; can be told to
//             answer 429 (rate limited), to run its clock ahead (tokens expired) or to expect another audience
//   model     a stub KServe v1 / OpenAI model server
//
// Everything listens on 127.0.0.1 on ports the system picks. The first stdout line is JSON with the URLs.
// The process ends when its stdin closes (so it never outlives the test) or on SIGTERM.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';

const CLIENT_ID = process.env.PEERS_CLIENT_ID ?? 'ai-client';
const CLIENT_SECRET = process.env.PEERS_CLIENT_SECRET;
if (!CLIENT_SECRET) throw new Error('PEERS_CLIENT_SECRET is required');
const AUDIENCE = 'https://gateway.maas.test';

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// --- provider ---
// Keycloak's URL layout: issuer `<base>/realms/<realm>`, token endpoint `<issuer>/protocol/openid-connect/token`.
const REALM_PATH = '/realms/ai-realm';
const providerServer = createServer();
const issuer = `${await listen(providerServer)}${REALM_PATH}`;
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  routes: { token: '/protocol/openid-connect/token', jwks: '/protocol/openid-connect/certs' },
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'peers' }] },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // Keycloak puts the audience in through a mapper; here the resource indicator does it.
      defaultResource: () => AUDIENCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 300, scope: '' }),
    },
  },
  // Keycloak names the client in `azp`; APIcast maps it to the 3scale application.
  extraTokenClaims: (_ctx, token) => ({ azp: token.clientId }),
  ttl: { ClientCredentials: 300 },
});
provider.on('server_error', (_ctx, error) => console.error(error));
const providerCallback = provider.callback();
// Keycloak's admin API as far as the smoke Job's look-up uses it: the realm's clients, named after the 3scale
// applications as zync names them, and a client's secret; for any valid bearer token of this provider.
const ADMIN_CLIENTS = `/admin${REALM_PATH}/clients`;
const REALM_CLIENTS = [
  { id: 'c-iris', clientId: CLIENT_ID, name: 'ai-client.iris' },
  { id: 'c-granite', clientId: CLIENT_ID, name: 'ai-client.granite-chat' },
];
async function adminApi(req, res) {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  try {
    await jwtVerify(bearer?.[1] ?? '', jwks, { issuer, algorithms: ['RS256'] });
  } catch {
    return reply(res, 401, { error: 'HTTP 401 Unauthorized' });
  }
  const path = req.url.split('?')[0];
  if (path === ADMIN_CLIENTS) return reply(res, 200, REALM_CLIENTS);
  const secret = new RegExp(`^${ADMIN_CLIENTS}/([^/]+)/client-secret$`).exec(path);
  if (secret && REALM_CLIENTS.some((c) => c.id === secret[1])) return reply(res, 200, { type: 'secret', value: CLIENT_SECRET });
  return reply(res, 404, { error: 'Could not find client' });
}

providerServer.on('request', (req, res) => {
  if (req.url.startsWith(ADMIN_CLIENTS)) return adminApi(req, res);
  if (!req.url.startsWith(REALM_PATH)) return reply(res, 404, { error: 'no such realm' });
  // Mounted under the realm path, the way Express mounts it: oidc-provider reads the prefix from originalUrl.
  req.originalUrl = req.url;
  req.url = req.url.slice(REALM_PATH.length) || '/';
  return providerCallback(req, res);
});
const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();

// --- model ---
const modelServer = createServer(async (req, res) => {
  const text = await readBody(req);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return reply(res, 400, { error: 'body is not JSON' });
  }
  const kserve = /^\/v1\/models\/([\w-]+):predict$/.exec(req.url);
  if (req.method === 'POST' && kserve && Array.isArray(body.instances)) {
    return reply(res, 200, { predictions: body.instances.map(() => 0.5) });
  }
  if (req.method === 'POST' && req.url === '/v1/chat/completions' && Array.isArray(body.messages)) {
    return reply(res, 200, { object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: 'OK' } }] });
  }
  return reply(res, 404, { error: `no route for ${req.method} ${req.url}` });
});
const modelUrl = await listen(modelServer);

// --- gateway ---
const DEFAULTS = { audience: AUDIENCE, clockOffsetSeconds: 0, rateLimited: false, applications: [CLIENT_ID] };
let state = { ...DEFAULTS };
const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));

const gatewayServer = createServer(async (req, res) => {
  const text = await readBody(req);
  if (req.url === '/__control') {
    state = { ...DEFAULTS, ...JSON.parse(text || '{}') };
    return reply(res, 200, state);
  }
  const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  if (!bearer) return reply(res, 401, { error: 'Authentication parameters missing' }, { 'www-authenticate': 'Bearer realm="maas"' });
  try {
    const { payload } = await jwtVerify(bearer[1], jwks, {
      issuer,
      audience: state.audience,
      algorithms: ['RS256'],
      currentDate: new Date(Date.now() + state.clockOffsetSeconds * 1000),
    });
    if (!state.applications.includes(payload.azp)) throw new Error(`azp ${JSON.stringify(payload.azp)} is not a known application`);
  } catch (error) {
    const description = String(error.message).replace(/"/g, "'");
    // RFC 6750: an invalid or expired token is 401 with the reason in WWW-Authenticate.
    return reply(res, 401, { error: 'Authentication failed' }, { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` });
  }
  if (state.rateLimited) return reply(res, 429, { error: 'Limits exceeded' }, { 'retry-after': '60' });
  const upstream = await fetch(`${modelUrl}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json' }, body: text || undefined });
  res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
  res.end(await upstream.text());
});
const gatewayUrl = await listen(gatewayServer);

process.stdout.write(JSON.stringify({ issuer, tokenUrl: discovery.token_endpoint, gatewayUrl, modelUrl, audience: AUDIENCE, clientId: CLIENT_ID }) + '\n');

function stop() {
  for (const server of [providerServer, modelServer, gatewayServer]) server.closeAllConnections?.(), server.close();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
