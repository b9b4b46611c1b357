/**
 * Redaction of credentials in text that is printed: URLs with a user or password, secret-looking query
 * parameters, `Authorization` values, bearer tokens and JWTs. Used for every message that can show a value
 * the user or a server wrote.
 */

/** Query parameters whose values are credentials. */
const SECRET_PARAMETER = /([?&;](?:[\w.-]*(?:token|secret|password|passwd|pwd|key|sig|signature|credential|auth|code)[\w.-]*)=)[^&#;\s"']*/gi;

/** `scheme://user:password@` anywhere in a text (also in a string that does not parse as a URL). */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s"'@]*@/gi;

/** Credentials in every URL of a text: `https://user:token@host/?access_token=x` -> `https://***@host/?access_token=***`. */
export function redactUrl(text: string): string {
  return text.replace(USERINFO, '$1***@').replace(SECRET_PARAMETER, '$1***');
}

/**
 * Text a server sent or echoed, made safe to print: credentials redacted (URLs, `Basic`/`Bearer` values,
 * JWTs, `"access_token": "..."`-like JSON members) and every control character (terminal escapes, CR, LF)
 * shown as `\xNN`, so that one line stays one line and cannot rewrite the terminal.
 */
export function sanitizeForPrint(text: string): string {
  const redacted = redactUrl(text)
    .replace(/\b(Basic|Bearer|Negotiate|Digest)(\s+)[A-Za-z0-9+/=._~-]{8,}/gi, '$1$2***')
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g, '***')
    .replace(/("[\w-]*(?:token|secret|password)[\w-]*"\s*:\s*")[^"]*/gi, '$1***')
    .replace(/\b([\w-]*(?:token|secret|password)[\w-]*=)[^&\s"',;]+/gi, '$1***');
  return redacted.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
