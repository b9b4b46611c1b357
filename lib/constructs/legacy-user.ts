import { Construct } from 'constructs';
import { KeycloakUser } from '../../imports/keycloak-legacy-user-keycloak.org';
import { toDnsLabelPart, type RealmUser } from './keycloak-representations';

/** Properties for `LegacyUser`. */
export interface LegacyUserProps extends RealmUser {
  /** Namespace of the KeycloakRealm. */
  readonly namespace: string;
  /** Realm name, part of the resource name. */
  readonly realm: string;
  /** Labels of the KeycloakRealm the user belongs to. */
  readonly realmSelector: Readonly<Record<string, string>>;
}

/**
 * A user managed by the RH-SSO (legacy) operator: a `keycloak.org/v1alpha1` KeycloakUser named
 * `<realm>-<username>`. No credentials: the user sets a password through "forgot password" or an admin.
 */
export class LegacyUser extends Construct {
  /** Name of the KeycloakUser resource. */
  public readonly resourceName: string;

  constructor(scope: Construct, id: string, props: LegacyUserProps) {
    super(scope, id);
    this.resourceName = `${props.realm}-${toDnsLabelPart(props.username)}`;
    const realmRoles = props.realmRoles ?? [];
    const groups = props.groups ?? [];
    new KeycloakUser(this, 'Resource', {
      metadata: { name: this.resourceName, namespace: props.namespace, labels: { ...props.realmSelector } },
      spec: {
        realmSelector: { matchLabels: { ...props.realmSelector } },
        user: {
          username: props.username,
          email: props.email,
          firstName: props.firstName,
          lastName: props.lastName,
          enabled: true,
          realmRoles: realmRoles.length === 0 ? undefined : [...realmRoles],
          groups: groups.length === 0 ? undefined : [...groups],
        },
      },
    });
  }
}
