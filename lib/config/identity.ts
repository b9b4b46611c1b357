import { z } from 'zod';
import { operatorSubscription } from './operator';
import { dnsLabel } from './primitives';

/** The identity provider: Keycloak, its operator and the realm API consumers get tokens from (design step 1). */
export const identity = z.strictObject({
  /**
   * Which Keycloak operator manages the realm: `rhbk` (Red Hat build of Keycloak, `k8s.keycloak.org/v2alpha1`)
   * or `rhsso` (RH-SSO / legacy Keycloak operator, `keycloak.org/v1alpha1`).
   */
  generation: z.enum(['rhbk', 'rhsso']),
  /** The Keycloak operator installed through OLM. */
  operator: operatorSubscription,
  /** Public host name of Keycloak. @default `keycloak-<operator namespace>.<cluster.appsDomain>` */
  hostname: z.string().optional(),
  /** The realm API consumers get tokens from. */
  realm: z
    .strictObject({
      /** Realm name; part of every token's issuer URL. */
      name: dnsLabel.default('ai-realm'),
    })
    .default({ name: 'ai-realm' }),
  /** The confidential client API consumers use (client credentials grant). */
  apiClient: z
    .strictObject({
      /** Client id; 3scale's application id for this consumer. */
      clientId: dnsLabel.default('ai-client'),
    })
    .default({ clientId: 'ai-client' }),
});
