import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/schema';
import type { ModelSmoke } from '../config/serving';
import { SmokeJob } from '../constructs/smoke-job';
import { smokePlan, type SmokePlan } from '../smoke/plan';
import type { PublishedApi } from './gateway';
import type { IdentityOutputs, ModelEndpointOutputs } from './outputs';

/** Properties for `SmokeChart`. */
export interface SmokeChartProps {
  /** The environment's smoke section. */
  readonly smoke: Environment['smoke'];
  /** The environment's name. */
  readonly environment: string;
  /** The identity chart's outputs: token endpoint, the gateway client and its Secret. */
  readonly identity: IdentityOutputs;
  /** The serving chart's outputs. */
  readonly endpoints: readonly ModelEndpointOutputs[];
  /** The gateway chart's outputs: where each model's API is published, and its consumers. */
  readonly apis: readonly PublishedApi[];
  /** Each model's `smoke` settings, by model name. @default - every model gets its API's sample, expecting a 2xx */
  readonly requests?: ReadonlyMap<string, ModelSmoke>;
  /** The consumer the check calls the models as (the first of `gateway.consumers`). @default - none */
  readonly consumer?: string;
}

/**
 * The smoke check of the workflow (design step 4). `plan` is what `npm run smoke` runs; when the environment
 * opts in (`smoke.postSync`), the chart also renders it as a PostSync hook Job in the identity namespace, next
 * to the gateway client's Secret it reads: with it the Job finds the consumer's clients, which zync created.
 */
export class SmokeChart extends Chart {
  /** What the check does in this environment. */
  public readonly plan: SmokePlan;

  constructor(scope: Construct, id: string, props: SmokeChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.plan = smokePlan(props.environment, {
      identity: props.identity,
      endpoints: props.endpoints,
      apis: props.apis,
      requests: props.requests,
      consumer: props.consumer,
    });
    if (props.smoke.postSync) {
      new SmokeJob(this, 'Job', {
        namespace: props.identity.namespace,
        plan: this.plan,
        image: props.smoke.image,
        clientSecretName: props.identity.gatewayClientSecretName,
        credentials: 'lookup',
        timeoutSeconds: props.smoke.timeoutSeconds,
      });
    }
  }
}
