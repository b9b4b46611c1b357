import { Construct } from 'constructs';
import { KeycloakClient } from '../../imports/keycloak-legacy-client-keycloak.org';
import { clientSecretName, type ClientRepresentation, type ServiceAccountRoles } from './keycloak-representations';

/** Properties for `LegacyClient`. */
export interface LegacyClientProps {
  /** Namespace of the KeycloakRealm. */
  readonly namespace: string;
  /** Labels of the KeycloakRealm the client belongs to. */
  readonly realmSelector: Readonly<Record<string, string>>;
  /** The client, without `secret` (the operator generates one). */
  readonly client: ClientRepresentation;
  /**
   * Name of the KeycloakClient resource; also names the operator's Secret.
   *
   * @default - the client id
   */
  readonly name?: string;
  /** @default - no service account roles */
  readonly serviceAccountRoles?: ServiceAccountRoles;
}

/**
 * A client managed by the RH-SSO (legacy) operator: a `keycloak.org/v1alpha1` KeycloakClient. The operator
 * generates the client secret and writes it, with the client id, to the Secret `secretName`.
 */
export class LegacyClient extends Construct {
  /** Client id. */
  public readonly clientId: string;
  /** Secret (same namespace) the operator writes with keys `CLIENT_ID` and `CLIENT_SECRET`. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: LegacyClientProps) {
    super(scope, id);
    const name = props.name ?? props.client.clientId;
    this.clientId = props.client.clientId;
    this.secretName = clientSecretName(name);
    const realmRoles = props.serviceAccountRoles?.realmRoles ?? [];
    const clientRoles = props.serviceAccountRoles?.clientRoles ?? {};

    new KeycloakClient(this, 'Resource', {
      metadata: { name, namespace: props.namespace, labels: { ...props.realmSelector } },
      spec: {
        realmSelector: { matchLabels: { ...props.realmSelector } },
        client: {
          ...props.client,
          protocolMappers: props.client.protocolMappers?.map((m) => ({ ...m, config: { ...m.config } })),
        },
        serviceAccountRealmRoles: realmRoles.length === 0 ? undefined : [...realmRoles],
        serviceAccountClientRoles:
          Object.keys(clientRoles).length === 0
            ? undefined
            : Object.fromEntries(Object.entries(clientRoles).map(([client, roles]) => [client, [...roles]])),
      },
    });
  }
}
