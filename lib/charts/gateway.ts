import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/schema';
import { OperatorInstall } from '../constructs/operator-install';
import type { IdentityOutputs, ModelEndpointOutputs } from './outputs';

/** Properties for `GatewayChart`. */
export interface GatewayChartProps {
  /** The environment's gateway section. */
  readonly gateway: Environment['gateway'];
  /** The realm and clients tokens come from. */
  readonly identity: IdentityOutputs;
  /** The models to publish. */
  readonly models: readonly ModelEndpointOutputs[];
}

/** 3scale in front of the models (design step 3). */
export class GatewayChart extends Chart {
  constructor(scope: Construct, id: string, props: GatewayChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new OperatorInstall(this, 'Operator', props.gateway.operator);
  }
}
