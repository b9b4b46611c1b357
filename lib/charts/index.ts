import { App, Chart } from 'cdk8s';
import type { Environment } from '../config/schema';
import { GatewayChart } from './gateway';
import { IdentityChart } from './identity';
import { ServingChart } from './serving';

/**
 * Builds an environment's charts. Each chart is one unit Argo CD syncs and renders into
 * `dist/<env>/<chart id>/`; chart ids are therefore part of the output's layout.
 */
export function buildCharts(app: App, env: Environment): Chart[] {
  return [
    new IdentityChart(app, 'identity', { identity: env.identity }),
    new ServingChart(app, 'serving', { models: env.models }),
    new GatewayChart(app, 'gateway', { gateway: env.gateway }),
  ];
}
