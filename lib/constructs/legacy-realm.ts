import { Construct } from 'constructs';
import { KeycloakRealm } from '../../imports/keycloak-legacy-realm-keycloak.org';
import type { RealmContent } from './keycloak-representations';

/** Properties for `LegacyRealm`. */
export interface LegacyRealmProps extends RealmContent {
  /** Namespace of the Keycloak resource. */
  readonly namespace: string;
  /** Labels of the Keycloak resource the realm belongs to. */
  readonly instanceSelector: Readonly<Record<string, string>>;
  /** Public base URL of Keycloak (with `/auth`), for the issuer URL. */
  readonly baseUrl: string;
}

/**
 * A realm managed by the RH-SSO (legacy) operator: a `keycloak.org/v1alpha1` KeycloakRealm named after the
 * realm. Groups and session lifespans are not in its schema (the environment rules reject them).
 */
export class LegacyRealm extends Construct {
  /** Realm name. */
  public readonly realmName: string;
  /** Labels on the KeycloakRealm; a KeycloakClient's or KeycloakUser's `realmSelector.matchLabels`. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** `<baseUrl>/realms/<realm>`: the `iss` claim of its tokens. */
  public readonly issuerUrl: string;
  /** `<issuerUrl>/protocol/openid-connect/token`: where clients get tokens (client credentials grant). */
  public readonly tokenUrl: string;

  constructor(scope: Construct, id: string, props: LegacyRealmProps) {
    super(scope, id);
    this.realmName = props.name;
    this.selectorLabels = { realm: props.name };
    this.issuerUrl = `${props.baseUrl}/realms/${props.name}`;
    this.tokenUrl = `${this.issuerUrl}/protocol/openid-connect/token`;
    const roles = props.roles ?? [];
    const clientScopes = props.clientScopes ?? [];

    new KeycloakRealm(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...this.selectorLabels } },
      spec: {
        instanceSelector: { matchLabels: { ...props.instanceSelector } },
        realm: {
          id: props.name,
          realm: props.name,
          enabled: true,
          displayName: props.displayName ?? props.name,
          accessTokenLifespan: props.accessTokenLifespan ?? 300,
          roles: roles.length === 0 ? undefined : { realm: roles.map((r) => ({ name: r.name, description: r.description })) },
          clientScopes:
            clientScopes.length === 0
              ? undefined
              : clientScopes.map((s) => ({ name: s.name, description: s.description, protocol: 'openid-connect' })),
        },
      },
    });
  }
}
