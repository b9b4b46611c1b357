import { Construct } from 'constructs';
import { KeycloakRealmImport } from '../../imports/keycloak-realmimport-k8s.keycloak.org';
import {
  CLIENT_SECRET_KEY,
  clientSecretName,
  type ClientRepresentation,
  type RealmContent,
  type RealmGroup,
  type RealmUser,
  type ServiceAccountRoles,
} from './keycloak-representations';

/** A client of the imported realm. */
export interface RealmImportClient {
  /** The client, without `secret`: its secret comes from the Secret `keycloak-client-secret-<clientId>`. */
  readonly client: ClientRepresentation;
  /** @default - no service account roles */
  readonly serviceAccountRoles?: ServiceAccountRoles;
}

/** Properties for `RealmImport`. */
export interface RealmImportProps extends RealmContent {
  /** Namespace of the Keycloak resource. */
  readonly namespace: string;
  /** Name of the Keycloak resource (same namespace) to import into. */
  readonly keycloakName: string;
  /** Public base URL of Keycloak, for the issuer URL. */
  readonly baseUrl: string;
  /** @default [] */
  readonly groups?: readonly RealmGroup[];
  /** @default [] */
  readonly users?: readonly RealmUser[];
  /** Confidential clients; each one's secret is a placeholder filled from a Secret outside Git. */
  readonly clients: readonly RealmImportClient[];
}

/**
 * A realm created by the Red Hat build of Keycloak operator: a `k8s.keycloak.org/v2alpha1`
 * KeycloakRealmImport named after the realm.
 *
 * **Create-only**: the operator imports the realm once, when it does not exist yet; later changes to this
 * resource do not change the running realm (see docs/identity.md for how to roll a change).
 *
 * Client secrets are never in Git: each client's `secret` is a `${CLIENT_SECRET_<ID>}` placeholder that the
 * operator fills from the Secret `keycloak-client-secret-<clientId>` (key `CLIENT_SECRET`), provided outside Git.
 */
export class RealmImport extends Construct {
  /** Realm name. */
  public readonly realmName: string;
  /** `<baseUrl>/realms/<realm>`: the `iss` claim of its tokens. */
  public readonly issuerUrl: string;
  /** `<issuerUrl>/protocol/openid-connect/token`: where clients get tokens (client credentials grant). */
  public readonly tokenUrl: string;
  /** Client id -> Secret (same namespace, provided outside Git) with keys `CLIENT_ID` and `CLIENT_SECRET`. */
  public readonly clientSecretNames: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: RealmImportProps) {
    super(scope, id);
    this.realmName = props.name;
    this.issuerUrl = `${props.baseUrl}/realms/${props.name}`;
    this.tokenUrl = `${this.issuerUrl}/protocol/openid-connect/token`;
    const roles = props.roles ?? [];
    const groups = props.groups ?? [];
    const clientScopes = props.clientScopes ?? [];
    const nonEmpty = <T>(list: readonly T[]) => (list.length > 0 ? [...list] : undefined);

    const placeholders: Record<string, { secret: { name: string; key: string } }> = {};
    const secretNames: Record<string, string> = {};
    const clients = props.clients.map(({ client }) => {
      const placeholder = placeholderName(client.clientId);
      secretNames[client.clientId] = clientSecretName(client.clientId);
      placeholders[placeholder] = { secret: { name: secretNames[client.clientId], key: CLIENT_SECRET_KEY } };
      return {
        ...client,
        protocolMappers: client.protocolMappers?.map((m) => ({ ...m, config: { ...m.config } })),
        // A placeholder, not a value: the operator substitutes it from the Secret when it imports the realm.
        secret: `\${${placeholder}}`,
      };
    });
    this.clientSecretNames = secretNames;

    const serviceAccounts = props.clients
      .filter(({ serviceAccountRoles }) => serviceAccountRoles !== undefined)
      .map(({ client, serviceAccountRoles }) => ({
        username: `service-account-${client.clientId}`,
        enabled: true,
        serviceAccountClientId: client.clientId,
        realmRoles: nonEmpty(serviceAccountRoles?.realmRoles ?? []),
        clientRoles: Object.keys(serviceAccountRoles?.clientRoles ?? {}).length === 0
          ? undefined
          : Object.fromEntries(Object.entries(serviceAccountRoles?.clientRoles ?? {}).map(([c, r]) => [c, [...r]])),
      }));
    const people = (props.users ?? []).map((u) => ({
      username: u.username,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      enabled: true,
      realmRoles: nonEmpty(u.realmRoles ?? []),
      // Keycloak resolves a user's groups by path.
      groups: nonEmpty((u.groups ?? []).map((g) => `/${g}`)),
    }));

    new KeycloakRealmImport(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        keycloakCrName: props.keycloakName,
        placeholders,
        realm: {
          id: props.name,
          realm: props.name,
          enabled: true,
          displayName: props.displayName ?? props.name,
          accessTokenLifespan: props.accessTokenLifespan ?? 300,
          ssoSessionIdleTimeout: props.ssoSessionIdleTimeout,
          ssoSessionMaxLifespan: props.ssoSessionMaxLifespan,
          roles: roles.length === 0 ? undefined : { realm: roles.map((r) => ({ name: r.name, description: r.description })) },
          groups: nonEmpty(groups.map((g) => ({ name: g.name, path: `/${g.name}`, realmRoles: nonEmpty(g.realmRoles ?? []) }))),
          clientScopes: nonEmpty(clientScopes.map((s) => ({ name: s.name, description: s.description, protocol: 'openid-connect' }))),
          clients,
          users: nonEmpty([...serviceAccounts, ...people]),
        },
      },
    });
  }
}

/** `ai-client` -> `CLIENT_SECRET_AI_CLIENT`: an environment variable name the operator substitutes. */
export function placeholderName(clientId: string): string {
  return `CLIENT_SECRET_${clientId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
