import { Construct } from 'constructs';
import { DeveloperUser, DeveloperUserSpecRole } from '../../imports/threescale-developeruser-capabilities.3scale.net';
import { GeneratedSecret } from './generated-secret';

/**
 * The key the 3scale operator reads a developer user's password from
 * (3scale/3scale-operator apis/capabilities/v1beta1/developeruser_types.go@3scale-2.15.1-GA,
 * `DeveloperUserPasswordSecretField`).
 */
export const DEVELOPER_USER_PASSWORD_KEY = 'password';

/** Properties for `ThreescaleDeveloperUser`. */
export interface ThreescaleDeveloperUserProps {
  /** Object name; also names the password Secret (`<name>-password`). */
  readonly name: string;
  /** Namespace the 3scale operator watches. */
  readonly namespace: string;
  /** `metadata.name` of the DeveloperAccount the user belongs to. */
  readonly developerAccountName: string;
  /** 3scale user name (developer portal login). */
  readonly username: string;
  readonly email: string;
  /**
   * `admin` manages the account's applications in the developer portal; 3scale creates an account only
   * together with an admin user.
   *
   * @default "admin"
   */
  readonly role?: 'admin' | 'member';
  /** Secret with the tenant's `adminURL` and `token`. */
  readonly providerAccountSecretName: string;
}

/**
 * A user of a 3scale developer account (a `DeveloperUser`), with a password generated in the cluster and
 * never in Git: the user sets their own through the portal's "forgot password".
 */
export class ThreescaleDeveloperUser extends Construct {
  /** Object name. */
  public readonly name: string;
  /** Secret holding the user's initial password (key `password`). */
  public readonly passwordSecretName: string;

  constructor(scope: Construct, id: string, props: ThreescaleDeveloperUserProps) {
    super(scope, id);
    const role = props.role ?? 'admin';
    this.name = props.name;
    const password = new GeneratedSecret(this, 'Password', {
      name: `${props.name}-password`,
      namespace: props.namespace,
      key: DEVELOPER_USER_PASSWORD_KEY,
    });
    this.passwordSecretName = password.secretName;

    new DeveloperUser(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        developerAccountRef: { name: props.developerAccountName },
        username: props.username,
        email: props.email,
        role: role === 'admin' ? DeveloperUserSpecRole.ADMIN : DeveloperUserSpecRole.MEMBER,
        passwordCredentialsRef: { name: password.secretName, namespace: props.namespace },
        providerAccountRef: { name: props.providerAccountSecretName },
      },
    });
  }
}
