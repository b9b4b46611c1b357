import type { IncomingHttpHeaders } from 'node:http';
import { redactUrl, sanitizeForPrint } from '../redact';
import { send, urlProblem, type HttpOptions, type HttpResponse } from './http';
import type { SmokeModel, SmokePlan } from './plan';

/** The checks made per model, in order. */
export type ModelCheck = 'predict' | 'no token' | 'tampered token';

/**
 * How a check ended:
 * - `ok`: as expected (a 2xx for the call with the token; 401/403 for the calls without a valid token)
 * - `rejected`: the token endpoint or the gateway refused the credentials or the token
 * - `rate-limited`: the gateway answered 429
 * - `accepted`: the gateway let a call without a valid token through
 * - `unexpected`: another status
 * - `error`: no HTTP answer (network, TLS, timeout)
 * - `skipped`: not attempted because there is no token
 */
export type Outcome = 'ok' | 'rejected' | 'rate-limited' | 'accepted' | 'unexpected' | 'error' | 'skipped';

/** The result of one check. */
export interface CheckResult {
  /** What was checked. */
  readonly check: 'token' | ModelCheck;
  /** True when the check passed. */
  readonly ok: boolean;
  readonly outcome: Outcome;
  /** HTTP status, when there was an answer. */
  readonly status?: number;
  /** Milliseconds to the end of the answer, when there was one. */
  readonly latencyMs?: number;
  /** One line for a person: what happened and, on failure, what to look at. Never contains a secret. */
  readonly detail: string;
}

/** The results for one model. */
export interface ModelReport {
  readonly name: string;
  readonly url: string;
  /** True when every check of this model passed. */
  readonly ok: boolean;
  readonly checks: readonly CheckResult[];
}

/** The whole result of a smoke run; `--json` prints exactly this. */
export interface SmokeReport {
  readonly environment: string;
  /** The consumer whose applications were called, when the plan names one. */
  readonly consumer?: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  /** True when every check passed. */
  readonly ok: boolean;
  readonly token: CheckResult;
  readonly models: readonly ModelReport[];
}

/** Credentials and transport for a run. */
export interface SmokeOptions extends HttpOptions {
  /** Client id; the plan's when absent. */
  readonly clientId?: string;
  /** Client secret. */
  readonly clientSecret: string;
}

/** A plan that cannot be run as given (a refused URL); nothing was sent. */
export class PlanError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PlanError';
  }
}

/**
 * Runs a smoke plan: a token with the client-credentials grant, then per model a call with the token, one
 * without a token and one with a tampered token. Every check runs even after a failure, so one run shows
 * everything that is wrong.
 *
 * @throws PlanError, before sending anything, when a URL of the plan is refused (see `urlProblem`)
 */
export async function runSmoke(plan: SmokePlan, options: SmokeOptions): Promise<SmokeReport> {
  const problems = [plan.tokenUrl, ...plan.models.map((m) => m.url)].map(urlProblem).filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new PlanError(problems);

  const clientId = options.clientId ?? plan.clientId;
  const { result: rawToken, accessToken } = await requestToken(plan.tokenUrl, clientId, options.clientSecret, options);
  // Every detail may quote a server: our secret, the Basic value, the token, escapes and line breaks go.
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64');
  const secrets = [options.clientSecret, basic, accessToken, accessToken && tamper(accessToken)].filter((s): s is string => !!s && s.length >= 4);
  const safe = (result: CheckResult): CheckResult => {
    const detail = secrets.reduce((text, secret) => text.split(secret).join('***'), result.detail);
    return { ...result, detail: sanitizeForPrint(detail) };
  };
  const token = safe(rawToken);
  const models: ModelReport[] = [];
  for (const model of plan.models) {
    const checks = [
      ...(model.predict === false ? [] : [accessToken ? await callModel(model, 'predict', accessToken, options) : skipped('predict')]),
      await callModel(model, 'no token', undefined, options),
      accessToken ? await callModel(model, 'tampered token', tamper(accessToken), options) : skipped('tampered token'),
    ].map(safe);
    models.push({ name: model.name, url: redactUrl(model.url), ok: checks.every((c) => c.ok), checks });
  }
  return { environment: plan.environment, consumer: plan.consumer, tokenUrl: redactUrl(plan.tokenUrl), clientId, ok: token.ok && models.every((m) => m.ok), token, models };
}

async function requestToken(
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
  options: HttpOptions,
): Promise<{ result: CheckResult; accessToken?: string }> {
  // client_secret_basic: id and secret are form-encoded before base64 (RFC 6749, section 2.3.1).
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
  let response: HttpResponse;
  try {
    response = await send(
      {
        method: 'POST',
        url: tokenUrl,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'grant_type=client_credentials',
      },
      options,
    );
  } catch (error) {
    return { result: { check: 'token', ok: false, outcome: 'error', detail: (error as Error).message } };
  }
  const { status, latencyMs } = response;
  const json = parseJson(response.body);
  if (status !== 200) {
    const error = typeof json?.error === 'string' ? json.error : undefined;
    const description = typeof json?.error_description === 'string' ? ` (${json.error_description})` : '';
    if (error === 'invalid_client' || error === 'unauthorized_client' || status === 401) {
      return {
        result: {
          check: 'token', ok: false, outcome: 'rejected', status, latencyMs,
          detail: `token endpoint refused client "${clientId}": ${error ?? 'unauthorized'}${description}; check the client id and secret (MAAS_CLIENT_ID, MAAS_CLIENT_SECRET or --credentials-file)`,
        },
      };
    }
    return { result: { check: 'token', ok: false, outcome: 'unexpected', status, latencyMs, detail: `token endpoint answered ${status}${error ? `: ${error}${description}` : ''}` } };
  }
  const accessToken = typeof json?.access_token === 'string' ? json.access_token : undefined;
  if (!accessToken || String(json?.token_type).toLowerCase() !== 'bearer') {
    return { result: { check: 'token', ok: false, outcome: 'unexpected', status, latencyMs, detail: 'the answer holds no bearer access_token' } };
  }
  if (accessToken.split('.').length !== 3) {
    return { result: { check: 'token', ok: false, outcome: 'unexpected', status, latencyMs, detail: 'the access token is not a JWT; the gateway\'s OpenID Connect check needs one' } };
  }
  const expires = typeof json?.expires_in === 'number' ? `, expires in ${json.expires_in} s` : '';
  return { result: { check: 'token', ok: true, outcome: 'ok', status, latencyMs, detail: `bearer JWT for client "${clientId}"${expires}` }, accessToken };
}

async function callModel(model: SmokeModel, check: ModelCheck, token: string | undefined, options: HttpOptions): Promise<CheckResult> {
  let response: HttpResponse;
  try {
    response = await send(
      {
        method: model.method,
        url: model.url,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(model.body),
      },
      options,
    );
  } catch (error) {
    return { check, ok: false, outcome: 'error', detail: (error as Error).message };
  }
  const { status, latencyMs } = response;
  const result = (ok: boolean, outcome: Outcome, detail: string): CheckResult => ({ check, ok, outcome, status, latencyMs, detail });
  if (status === 429) {
    const retry = response.headers['retry-after'] ? `; retry after ${response.headers['retry-after']} s` : '';
    return result(false, 'rate-limited', `the gateway answered 429 Too Many Requests${retry}; check the application plan's limits`);
  }
  const refused = status === 401 || status === 403;
  const success = status >= 200 && status < 300;
  if (check === 'predict') {
    const expected = model.expectedStatus === undefined ? success : status === model.expectedStatus;
    if (expected) return result(true, 'ok', 'answered');
    if (refused) return result(false, 'rejected', `the gateway rejected the token${reason(response.headers)}`);
    return result(false, 'unexpected', `expected ${model.expectedStatus ?? '2xx'}; body: ${snippet(response.body)}`);
  }
  if (refused) return result(true, 'ok', 'rejected as expected');
  if (success) return result(false, 'accepted', `the gateway accepted a call with ${check === 'no token' ? 'no token' : 'a tampered token'}: the model is not protected`);
  return result(false, 'unexpected', `expected 401 or 403; body: ${snippet(response.body)}`);
}

function skipped(check: ModelCheck): CheckResult {
  return { check, ok: false, outcome: 'skipped', detail: 'no token' };
}

/**
 * The token with one character of its signature changed: same header and claims, a signature that no longer
 * verifies. A middle character is changed because the last one may carry only padding bits.
 */
export function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const i = Math.floor(signature.length / 2);
  const replacement = signature[i] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, i)}${replacement}${signature.slice(i + 1)}`;
}

/** The reason the gateway gave in `WWW-Authenticate` (RFC 6750 `error_description`), if any. */
function reason(headers: IncomingHttpHeaders): string {
  const value = headers['www-authenticate'];
  const description = typeof value === 'string' ? /error_description="([^"]*)"/.exec(value)?.[1] : undefined;
  return description ? `: ${description}` : '';
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line === '' ? '(empty)' : line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
