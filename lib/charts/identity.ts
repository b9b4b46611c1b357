import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/schema';
import { OperatorInstall } from '../constructs/operator-install';
import type { IdentityOutputs } from './outputs';

/** Properties for `IdentityChart`. */
export interface IdentityChartProps {
  /** The environment's identity section. */
  readonly identity: Environment['identity'];
  /** The cluster's apps domain, for the default Keycloak host name. */
  readonly appsDomain: string;
}

/** Keycloak for API consumers (design step 1): the operator, the realm and its clients. */
export class IdentityChart extends Chart {
  /** Names and URLs the gateway needs. */
  public readonly outputs: IdentityOutputs;

  constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { identity } = props;
    const operator = new OperatorInstall(this, 'Operator', identity.operator);
    const hostname = identity.hostname ?? `keycloak-${operator.namespace}.${props.appsDomain}`;
    // RH-SSO (Keycloak before 17) serves everything under /auth.
    const baseUrl = `https://${hostname}${identity.generation === 'rhsso' ? '/auth' : ''}`;
    this.outputs = {
      generation: identity.generation,
      namespace: operator.namespace,
      baseUrl,
      issuerUrl: `${baseUrl}/realms/${identity.realm.name}`,
      realm: identity.realm.name,
      apiClientId: identity.apiClient.clientId,
      apiClientSecretName: `keycloak-client-secret-${identity.apiClient.clientId}`,
      gatewayClientId: '3scale-zync',
      gatewayClientSecretName: 'keycloak-client-secret-3scale-zync',
    };
  }
}
