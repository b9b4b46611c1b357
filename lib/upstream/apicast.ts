import type { Source } from './types';

/**
 * The Services of an APIManager's self-managed gateways, in the APIManager's namespace, and the name of their
 * HTTP port (8080, plain HTTP): `ApicastStagingName`, `ApicastProductionName`, `stagingServicePorts()` and
 * `productionServicePorts()`. Routes to the public gateway URLs lead to these.
 */
export const APICAST_SERVICES = {
  staging: 'apicast-staging',
  production: 'apicast-production',
  port: 'gateway',
  portNumber: 8080,
  source: '3scale/3scale-operator pkg/3scale/amp/component/apicast.go@3scale-2.15.1-GA' satisfies Source,
} as const;

/** zync creates Routes for an APIcast's public URLs only when the Product's deployment is hosted (`persist_proxy?`). */
export const ZYNC_ROUTES_ONLY_FOR_HOSTED: Source = '3scale/zync app/services/integration/kubernetes_service.rb@3scale-2.15.1-GA';
