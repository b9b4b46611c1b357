import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { sanitizeForPrint } from '../redact';

/** Hosts to which plain HTTP is allowed: the local machine only (test peers, `oc port-forward`). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a URL may not be called, or `undefined` when it may: https anywhere, plain http only to loopback, no
 * credentials in the URL. A token sent over plain HTTP across a network can be read and replayed.
 */
export function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${sanitizeForPrint(url)}" is not a URL`;
  }
  if (parsed.username !== '' || parsed.password !== '') return `${parsed.origin}: credentials in a URL are not accepted`;
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  if (parsed.protocol === 'http:') {
    return `refusing ${sanitizeForPrint(url)}: plain http is allowed only to loopback (127.0.0.1, localhost, ::1); use https`;
  }
  return `refusing ${sanitizeForPrint(url)}: only https (or http to loopback) is supported`;
}

/** A request to send. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A response, read in full. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as text, cut at 64 KiB. */
  readonly body: string;
  /** Milliseconds from sending the request to the end of the response body. */
  readonly latencyMs: number;
}

/** How requests are sent. */
export interface HttpOptions {
  /** Time allowed for one request, connection to last byte, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Extra CA certificates (PEM), trusted in addition to Node's root store, like `NODE_EXTRA_CA_CERTS`.
   *
   * @default - Node's root store (plus `NODE_EXTRA_CA_CERTS`, which Node reads at start-up)
   */
  readonly extraCaPem?: string;
}

const MAX_BODY = 64 * 1024;

/**
 * Sends one request on a connection of its own (no keep-alive, so nothing stays open afterwards).
 * TLS certificates are always verified (also under `NODE_TLS_REJECT_UNAUTHORIZED=0`); redirects are not
 * followed (Node's http never does); at most 64 KiB of the body is read, then the connection is closed, and
 * no compressed encoding is asked for or decoded.
 *
 * @throws Error on a refused URL, a network or TLS error, or a timeout; the message says which
 */
export function send(req: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const problem = urlProblem(req.url);
  if (problem) return Promise.reject(new Error(problem));
  const url = new URL(req.url);
  const started = performance.now();
  const tls = url.protocol !== 'https:' ? {} : options.extraCaPem !== undefined
    ? { rejectUnauthorized: true, ca: [...rootCertificates, options.extraCaPem] }
    : { rejectUnauthorized: true };
  const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
  const headers = { ...req.headers, 'accept-encoding': 'identity', ...(body ? { 'content-length': String(body.length) } : {}) };
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    const request = requestFn(url, { method: req.method, headers, agent: false, ...tls }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8'),
          latencyMs: Math.round(performance.now() - started),
        });
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Enough to judge the answer: an endless body must not fill the memory.
        if (size >= MAX_BODY) {
          finish();
          response.destroy();
        }
      });
      response.on('end', finish);
      response.on('error', (error) => (done ? undefined : fail(error)));
    });
    const timer = setTimeout(() => request.destroy(new Error(`no response within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    function fail(error: Error & { code?: string }) {
      clearTimeout(timer);
      reject(new Error(`${req.method} ${url.origin}${url.pathname}: ${networkMessage(error)}`));
    }
    request.on('error', fail);
    request.end(body);
  });
}

/** A network error as a person reads it: the cause, and for TLS errors the way out. */
function networkMessage(error: Error & { code?: string }): string {
  const tlsCodes = ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'];
  if (error.code && tlsCodes.includes(error.code)) {
    return `TLS certificate not trusted (${error.code}); pass the cluster's CA with --ca-file (TLS is always verified)`;
  }
  if (error.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS certificate does not match the host name (${error.message})`;
  return error.code ? `${error.code} ${error.message}` : error.message;
}
