/**
 * Keycloak's own representations (the JSON of its admin REST API), shared by both operator generations: the
 * legacy KeycloakClient carries a client in `spec.client`, a KeycloakRealmImport carries it in
 * `spec.realm.clients[]`. Building them in one place keeps the two generations' clients identical.
 */

/** The roles 3scale's zync needs to create, update and delete clients in a realm. */
export const ZYNC_REALM_MANAGEMENT_ROLES: readonly string[] = ['manage-clients', 'view-clients', 'query-clients'];

/** A protocol mapper that puts a fixed value into the `aud` claim of access tokens. */
export interface AudienceMapper {
  readonly name: string;
  readonly protocol: 'openid-connect';
  readonly protocolMapper: 'oidc-audience-mapper';
  readonly config: Readonly<Record<string, string>>;
}

/** The audience mapper that makes tokens carry `audience` in their `aud` claim. */
export function audienceMapper(audience: string): AudienceMapper {
  return {
    name: 'audience',
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    config: {
      // A custom audience works for any value; `included.client.audience` would require a client of that id.
      'included.custom.audience': audience,
      'access.token.claim': 'true',
      'id.token.claim': 'false',
    },
  };
}

/** Properties of a confidential client. */
export interface ConfidentialClientProps {
  /** Client id. */
  readonly clientId: string;
  /**
   * Allow the browser login (authorization code) flow.
   *
   * @default false
   */
  readonly standardFlowEnabled?: boolean;
  /** @default [] */
  readonly redirectUris?: readonly string[];
  /** @default [] */
  readonly webOrigins?: readonly string[];
  /**
   * Put this value into the `aud` claim of access tokens.
   *
   * @default - no audience mapper
   */
  readonly audience?: string;
  /** @default - the realm's default client scopes */
  readonly defaultClientScopes?: readonly string[];
  /** @default - the realm's optional client scopes */
  readonly optionalClientScopes?: readonly string[];
}

/** A confidential OpenID Connect client, as Keycloak's ClientRepresentation (without `secret`). */
export interface ClientRepresentation {
  readonly clientId: string;
  readonly enabled: true;
  readonly protocol: 'openid-connect';
  readonly publicClient: false;
  readonly clientAuthenticatorType: 'client-secret';
  readonly serviceAccountsEnabled: true;
  readonly standardFlowEnabled: boolean;
  readonly directAccessGrantsEnabled: false;
  readonly implicitFlowEnabled: false;
  readonly redirectUris?: string[];
  readonly webOrigins?: string[];
  readonly defaultClientScopes?: string[];
  readonly optionalClientScopes?: string[];
  readonly protocolMappers?: AudienceMapper[];
}

/**
 * A confidential client with a service account (client credentials grant). Password grant and implicit flow
 * stay off: API consumers never hand user passwords to an app.
 */
export function confidentialClient(props: ConfidentialClientProps): ClientRepresentation {
  const nonEmpty = (list: readonly string[] | undefined) => (list && list.length > 0 ? [...list] : undefined);
  return {
    clientId: props.clientId,
    enabled: true,
    protocol: 'openid-connect',
    publicClient: false,
    clientAuthenticatorType: 'client-secret',
    serviceAccountsEnabled: true,
    standardFlowEnabled: props.standardFlowEnabled ?? false,
    directAccessGrantsEnabled: false,
    implicitFlowEnabled: false,
    redirectUris: nonEmpty(props.redirectUris),
    webOrigins: nonEmpty(props.webOrigins),
    defaultClientScopes: nonEmpty(props.defaultClientScopes),
    optionalClientScopes: nonEmpty(props.optionalClientScopes),
    protocolMappers: props.audience === undefined ? undefined : [audienceMapper(props.audience)],
  };
}

/**
 * The Secret holding a client's credentials (keys `CLIENT_ID`, `CLIENT_SECRET`). The legacy operator writes
 * it under this name for a KeycloakClient; for RHBK the same name and keys are used for the Secret provided
 * outside Git, so consumers read one shape whatever the generation.
 */
export function clientSecretName(clientCrName: string): string {
  return `keycloak-client-secret-${clientCrName}`;
}

/** The Secret key holding the client secret. */
export const CLIENT_SECRET_KEY = 'CLIENT_SECRET';

/** A realm role. */
export interface RealmRole {
  readonly name: string;
  /** @default - none */
  readonly description?: string;
}

/** A group. */
export interface RealmGroup {
  readonly name: string;
  /** @default [] */
  readonly realmRoles?: readonly string[];
}

/** A client scope (no mappers: its name in the `scope` claim is the finer claim). */
export interface ClientScope {
  readonly name: string;
  /** @default - none */
  readonly description?: string;
}

/** A user without credentials. */
export interface RealmUser {
  readonly username: string;
  /** @default - none */
  readonly email?: string;
  /** @default - none */
  readonly firstName?: string;
  /** @default - none */
  readonly lastName?: string;
  /** @default [] */
  readonly realmRoles?: readonly string[];
  /** Group names. @default [] */
  readonly groups?: readonly string[];
}

/** The service account roles of a client. */
export interface ServiceAccountRoles {
  /** @default [] */
  readonly realmRoles?: readonly string[];
  /** Client id -> role names, e.g. `{ 'realm-management': ['view-clients'] }`. @default {} */
  readonly clientRoles?: Readonly<Record<string, readonly string[]>>;
}

/** A realm's settings and content, whatever the generation. */
export interface RealmContent {
  /** Realm name. */
  readonly name: string;
  /** @default - the realm name */
  readonly displayName?: string;
  /** Seconds. @default 300 */
  readonly accessTokenLifespan?: number;
  /** Seconds (RHBK only). @default - Keycloak's */
  readonly ssoSessionIdleTimeout?: number;
  /** Seconds (RHBK only). @default - Keycloak's */
  readonly ssoSessionMaxLifespan?: number;
  /** @default [] */
  readonly roles?: readonly RealmRole[];
  /** @default [] */
  readonly clientScopes?: readonly ClientScope[];
}

/** `mary.o_brien` -> `mary-o-brien`: a Keycloak name as part of a Kubernetes object name. */
export function toDnsLabelPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}
