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

/** An https URL without credentials. */
export const httpsUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  // Shown redacted: a URL that was refused for its credentials must not print them.
  { error: (issue) => `${typeof issue.input === 'string' ? show(redactUrl(issue.input)) : show(issue.input)} is not an https URL without credentials, e.g. "https://host.example.com/path"` },
);
