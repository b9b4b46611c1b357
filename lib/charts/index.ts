import { App, Chart } from 'cdk8s';
import type { Environment } from '../config/schema';
import { GatewayChart } from './gateway';
import { IdentityChart } from './identity';
import { ServingChart } from './serving';

/**
 * Builds an environment's charts. Each chart is one unit Argo CD syncs and renders into
 * `dist/<env>/<chart id>/`; chart ids are therefore part of the output's layout. Values flow one way:
 * identity and serving outputs feed the gateway.
 */
export function buildCharts(app: App, env: Environment): Chart[] {
  const identity = new IdentityChart(app, 'identity', { identity: env.identity, appsDomain: env.cluster.appsDomain });
  const serving = new ServingChart(app, 'serving', { models: env.models, gatewayNamespace: env.gateway.operator.namespace });
  const gateway = new GatewayChart(app, 'gateway', {
    gateway: env.gateway,
    appsDomain: env.cluster.appsDomain,
    identity: identity.outputs,
    models: serving.endpoints,
  });
  return [identity, serving, gateway];
}
