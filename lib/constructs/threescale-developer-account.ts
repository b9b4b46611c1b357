import { Construct } from 'constructs';
import { DeveloperAccount } from '../../imports/threescale-developeraccount-capabilities.3scale.net';
import { ThreescaleDeveloperUser } from './threescale-developer-user';

/** Properties for `ThreescaleDeveloperAccount`. */
export interface ThreescaleDeveloperAccountProps {
  /** Object name of the account and of its admin user; the admin user's 3scale user name too. */
  readonly name: string;
  /** Namespace the 3scale operator watches. */
  readonly namespace: string;
  /** Organisation name shown in 3scale. */
  readonly orgName: string;
  /** E-mail address of the admin user. */
  readonly adminEmail: string;
  /** Secret with the tenant's `adminURL` and `token`. */
  readonly providerAccountSecretName: string;
}

/**
 * A 3scale developer account (an API consumer's organisation) with its admin user. The operator signs the
 * account up only once it finds an admin DeveloperUser of the account, whose password it sends along
 * (3scale/3scale-operator controllers/capabilities/developeraccount_threescale_reconciler.go@3scale-2.15.1-GA,
 * `createDevAccount`).
 */
export class ThreescaleDeveloperAccount extends Construct {
  /** Object name; Applications refer to the account by it (`accountCR`). */
  public readonly name: string;
  /** The admin user. */
  public readonly admin: ThreescaleDeveloperUser;

  constructor(scope: Construct, id: string, props: ThreescaleDeveloperAccountProps) {
    super(scope, id);
    this.name = props.name;
    new DeveloperAccount(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        orgName: props.orgName,
        providerAccountRef: { name: props.providerAccountSecretName },
      },
    });
    this.admin = new ThreescaleDeveloperUser(this, 'Admin', {
      name: props.name,
      namespace: props.namespace,
      developerAccountName: props.name,
      username: props.name,
      email: props.adminEmail,
      role: 'admin',
      providerAccountSecretName: props.providerAccountSecretName,
    });
  }
}
