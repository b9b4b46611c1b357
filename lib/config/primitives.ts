import { z } from 'zod';
import { redactUrl } from '../redact';
import { show } from './show';

/** Field types shared by every section of an environment file. */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes object or namespace name that must be a DNS-1123 label. */
export const dnsLabel = z.string().regex(DNS_LABEL, {
  error: (issue) =>
    `${show(issue.input)} is not a DNS label: use lowercase letters, digits and "-", ` +
    'start and end with a letter or digit, at most 63 characters',
});

/** A host name or a Kubernetes name that may contain dots (DNS-1123 subdomain). */
export const dnsSubdomain = z.string().regex(DNS_SUBDOMAIN, {
  error: (issue) =>
    `${show(issue.input)} is not a DNS name: use lowercase labels of letters, digits and "-" separated by ".", ` +
    'at most 253 characters',
});

/** The largest value of a 32-bit signed integer: Kubernetes int32 fields, Keycloak's Java ints. */
export const INT32_MAX = 2_147_483_647;

/** A whole number that fits the int32 field it lands in. */
export function int32() {
  return z.int().max(INT32_MAX, { error: (issue) => `${show(issue.input)} is more than ${INT32_MAX}, the largest value the field (a 32-bit integer) holds` });
}

/** Whitespace or a control character: the URL parser drops some silently, so the value would change. */
const URL_UNSAFE = /[\s\x00-\x1f\x7f-\x9f]/;

/** An https URL without credentials (nor whitespace, which the URL parser would drop silently). */
export const httpsUrl = z.string().superRefine((value, ctx) => {
  // Shown redacted: a URL that was refused for its credentials must not print them.
  const shown = show(redactUrl(value));
  if (URL_UNSAFE.test(value)) {
    ctx.addIssue({ code: 'custom', input: value, message: `${shown} holds whitespace or a control character; write the URL alone` });
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', input: value, message: `${shown} is not an https URL without credentials, e.g. "https://host.example.com/path"` });
  }
});
