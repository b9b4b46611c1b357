import type { ControllerEffect, Manifest, ObjectRef } from './types';

/**
 * The table of controller effects: for each kind a controller reconciles, what it reads, creates and reports.
 * One section per upstream system; rows are added in the section of their system, each citing its sources.
 */

/** Keycloak: the RHBK operator (k8s.keycloak.org) and the legacy RH-SSO operator (keycloak.org). */
export const KEYCLOAK_EFFECTS: readonly ControllerEffect[] = [];

const OPERATOR_3SCALE = '3scale/3scale-operator';
const AT_3SCALE = '@3scale-2.15.1-GA';
const spec = (o: Manifest) => (o.spec ?? {}) as Record<string, { name?: string; namespace?: string } | undefined>;
const ns = (o: Manifest) => o.metadata.namespace;
/** A reference by name in the object's namespace, when the field is set. */
const ref = (kind: string, name: string | undefined, namespace?: string): ObjectRef[] => (name === undefined ? [] : [{ kind, name, namespace }]);
/**
 * The tenant Secret every 3scale custom resource reads: `providerAccountRef`, or by default the Secret
 * `threescale-provider-account` of its namespace (else the APIManager's own tenant)
 * (3scale/3scale-operator pkg/controller/helper/lookup_provider_account.go@3scale-2.15.1-GA, `LookupProviderAccount`).
 */
const tenant = (o: Manifest) => ref('core/Secret', spec(o).providerAccountRef?.name ?? 'threescale-provider-account', ns(o));
const ready = (extra: Record<string, unknown>) => ({ ...extra, conditions: [{ type: 'Ready', status: 'True' }] });

/** 3scale operator (capabilities.3scale.net) and zync. */
export const THREESCALE_EFFECTS: readonly ControllerEffect[] = [
  {
    // Signs the account up in 3scale together with its admin DeveloperUser (found by `developerAccountRef` and
    // role admin), whose password it sends; waits (condition Waiting) until that user exists. Deleting the
    // resource deletes the account in 3scale (finalizer), and with it its users and applications.
    kind: 'capabilities.3scale.net/DeveloperAccount',
    controller: '3scale-operator',
    reads: (o) => tenant(o),
    creates: () => [],
    statuses: () => [
      {},
      { conditions: [{ type: 'Waiting', status: 'True' }] },
      ready({ accountID: 1, accountState: 'approved' }),
    ],
    sources: [
      `${OPERATOR_3SCALE} controllers/capabilities/developeraccount_threescale_reconciler.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/developeraccount_controller.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/developeraccount_status_reconciler.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} apis/capabilities/v1beta1/developeraccount_types.go${AT_3SCALE}`,
    ],
  },
  {
    // Reads the password under the key `password` of `passwordCredentialsRef` (namespace: the ref's, else the
    // user's). An admin user of a new account is created by the account's sign-up, then adopted.
    kind: 'capabilities.3scale.net/DeveloperUser',
    controller: '3scale-operator',
    reads: (o) => [
      ...tenant(o),
      ...ref('capabilities.3scale.net/DeveloperAccount', spec(o).developerAccountRef?.name, ns(o)),
      ...ref('core/Secret', spec(o).passwordCredentialsRef?.name, spec(o).passwordCredentialsRef?.namespace ?? ns(o)),
    ],
    creates: () => [],
    statuses: () => [{}, ready({ developerUserID: 1, developerUserState: 'active', accoundID: 1 })],
    sources: [
      `${OPERATOR_3SCALE} controllers/capabilities/developeruser_controller.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/developeruser_status_reconciler.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} apis/capabilities/v1beta1/developeruser_types.go${AT_3SCALE}`,
    ],
  },
  {
    // Creates the application with `name`, `description` and the plan; it sets no application id, so 3scale
    // draws one (8 hex digits) and, the Product being OpenID Connect, one key (its only one: the key limit of an
    // OAuth application is 1): these are the client id and secret zync writes into Keycloak, and the id is what
    // APIcast looks up from the token's `azp`. Ready waits for the account's and the Product's ids. Deleting
    // the resource deletes the application (finalizer); zync then deletes the Keycloak client.
    kind: 'capabilities.3scale.net/Application',
    controller: '3scale-operator',
    reads: (o) => [
      ...ref('capabilities.3scale.net/DeveloperAccount', spec(o).accountCR?.name, ns(o)),
      ...ref('capabilities.3scale.net/Product', spec(o).productCR?.name, ns(o)),
    ],
    creates: () => [],
    statuses: () => [{}, ready({ applicationID: 1, state: 'live' })],
    sources: [
      `${OPERATOR_3SCALE} controllers/capabilities/application_controller.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/application_threescale_reconciler.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/application_status_reconciler.go${AT_3SCALE}`,
      '3scale/porta app/lib/backend/model_extensions/cinstance.rb@3scale-2.15.1-GA',
      '3scale/porta app/models/cinstance.rb@3scale-2.15.1-GA',
      '3scale/porta app/representers/cinstance_representer.rb@3scale-2.15.1-GA',
      '3scale/zync app/services/integration/abstract_service.rb@3scale-2.15-stable',
      '3scale/zync app/services/integration/keycloak_service.rb@3scale-2.15-stable',
      '3scale/zync app/adapters/keycloak_adapter.rb@3scale-2.15-stable',
    ],
  },
  {
    // Not rendered by this project. Runs once (until Ready): reads `UserKey` and `ApplicationKey` of
    // `authSecretRef` (which must exist), adds the key to the application (`CreateApplicationKey`, or a random
    // one with `generateSecret`, dereferenced unchecked when no UserKey is given), then writes `UserKey`,
    // `ApplicationID` and `ApplicationKey` back into that Secret. An OpenID Connect application already has its
    // one allowed key, so adding one fails (condition Failed): it cannot deliver a consumer's client id and secret.
    kind: 'capabilities.3scale.net/ApplicationAuth',
    controller: '3scale-operator',
    reads: (o) => [
      ...tenant(o),
      ...ref('capabilities.3scale.net/Application', (o.spec as { applicationCRName?: string } | undefined)?.applicationCRName, ns(o)),
      ...ref('core/Secret', spec(o).authSecretRef?.name, ns(o)),
    ],
    creates: (o) => ref('core/Secret', spec(o).authSecretRef?.name, ns(o)).map((secret) => ({ ...secret, secretKeys: ['UserKey', 'ApplicationID', 'ApplicationKey'], when: 'ready' as const })),
    statuses: () => [{}, { conditions: [{ type: 'Failed', status: 'True' }] }, ready({})],
    sources: [
      `${OPERATOR_3SCALE} controllers/capabilities/applicationauth_controller.go${AT_3SCALE}`,
      `${OPERATOR_3SCALE} controllers/capabilities/applicationauth_status_reconciler.go${AT_3SCALE}`,
      '3scale/porta app/models/cinstance.rb@3scale-2.15.1-GA',
      '3scale/porta app/lib/logic/keys.rb@3scale-2.15.1-GA',
    ],
  },
];

/** KServe (opendatahub-io/kserve), odh-model-controller, ModelMesh and Knative as OpenShift AI runs them. */
export const SERVING_EFFECTS: readonly ControllerEffect[] = [];

/** External Secrets, OLM, OpenShift (router, service CA) and Kubernetes built-ins. */
export const PLATFORM_EFFECTS: readonly ControllerEffect[] = [];

/** Every row, keyed by `<group>/<Kind>`. A kind appears once. */
export const CONTROLLER_EFFECTS: ReadonlyMap<string, ControllerEffect> = new Map(
  [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS].map((row) => [row.kind, row]),
);
