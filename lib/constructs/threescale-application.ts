import { Construct } from 'constructs';
import { Application } from '../../imports/threescale-application-capabilities.3scale.net';

/** Properties for `ThreescaleApplication`. */
export interface ThreescaleApplicationProps {
  /** Object name. */
  readonly name: string;
  /** Namespace the 3scale operator watches; the account and the Product are in it too. */
  readonly namespace: string;
  /** `metadata.name` of the DeveloperAccount. */
  readonly accountName: string;
  /** `metadata.name` of the Product. */
  readonly productName: string;
  /** System name of one of the Product's application plans. */
  readonly applicationPlanName: string;
  /** Application name shown in 3scale; unique within the account. */
  readonly applicationName: string;
  /** Shown in 3scale. */
  readonly description: string;
}

/**
 * A 3scale application: a developer account subscribed to a Product on one plan. For an OpenID Connect
 * Product 3scale chooses its application id (the client id) and its one key (the client secret), and zync
 * creates the Keycloak client from them; tokens of that client carry the application id in `azp`, which is
 * what APIcast looks up (docs/gateway.md, *Consumers*).
 */
export class ThreescaleApplication extends Construct {
  /** Object name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ThreescaleApplicationProps) {
    super(scope, id);
    this.name = props.name;
    new Application(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        accountCr: { name: props.accountName },
        productCr: { name: props.productName },
        applicationPlanName: props.applicationPlanName,
        name: props.applicationName,
        description: props.description,
      },
    });
  }
}
