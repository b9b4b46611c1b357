import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/schema';
import { OperatorInstall } from '../constructs/operator-install';

/** Properties for `IdentityChart`. */
export interface IdentityChartProps {
  /** The environment's identity section. */
  readonly identity: Environment['identity'];
}

/** Keycloak for API consumers: the operator (design step 1). */
export class IdentityChart extends Chart {
  constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new OperatorInstall(this, 'Operator', props.identity.operator);
  }
}
