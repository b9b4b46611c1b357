/** The API client's credentials, as far as they were given. */
export interface ClientCredentials {
  /** Client id; when absent, the plan's client id is used. */
  readonly clientId?: string;
  /** Client secret. */
  readonly clientSecret?: string;
}

/** Names under which a client id is accepted: our variables, Keycloak operator Secret keys, OAuth parameter names. */
const ID_KEYS = ['MAAS_CLIENT_ID', 'CLIENT_ID', 'clientId', 'client_id'];
/** Names under which a client secret is accepted. */
const SECRET_KEYS = ['MAAS_CLIENT_SECRET', 'CLIENT_SECRET', 'clientSecret', 'client_secret'];

/** The credentials in the process environment: `MAAS_CLIENT_ID`, `MAAS_CLIENT_SECRET`. */
export function credentialsFromVariables(variables: Readonly<Record<string, string | undefined>>): ClientCredentials {
  return { clientId: nonEmpty(variables.MAAS_CLIENT_ID), clientSecret: nonEmpty(variables.MAAS_CLIENT_SECRET) };
}

/**
 * The credentials in a credentials file: a JSON object, or `KEY=VALUE` lines (`#` comments, optional quotes,
 * optional `export`). Keys: `MAAS_CLIENT_ID`/`MAAS_CLIENT_SECRET`, `CLIENT_ID`/`CLIENT_SECRET` (the keys of
 * the Keycloak operator's client Secret), `clientId`/`clientSecret` or `client_id`/`client_secret`.
 *
 * @throws Error naming the file and the line when it cannot be read; the message never contains a value
 */
export function parseCredentialsFile(text: string, file: string): ClientCredentials {
  const values = /^\s*[{[]/.test(text) ? parseJson(text, file) : parseKeyValue(text, file);
  const pick = (keys: readonly string[]) => nonEmpty(keys.map((k) => values[k]).find((v) => v !== undefined));
  const credentials = { clientId: pick(ID_KEYS), clientSecret: pick(SECRET_KEYS) };
  if (credentials.clientSecret === undefined) {
    throw new Error(`${file}: no client secret found; expected one of the keys ${SECRET_KEYS.join(', ')}`);
  }
  return credentials;
}

function parseJson(text: string, file: string): Record<string, string | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message.replace(/ in JSON.*$/, '')})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: the JSON is not an object`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

function parseKeyValue(text: string, file: string): Record<string, string | undefined> {
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(trimmed);
    if (!match) throw new Error(`${file}: line ${index + 1} is not KEY=VALUE`);
    values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  });
  return values;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
