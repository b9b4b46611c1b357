import type { ControllerEffect, CreatedObject, EffectContext, Manifest, ObjectRef, ServedPort } from './types';

/**
 * The table of controller effects: for each kind a controller reconciles, what it reads, creates and reports.
 * One section per upstream system; rows are added in the section of their system, each citing its sources.
 *
 * Statuses: an empty record stands for "no status yet"; the controller shows the statuses before the last one
 * while something it `reads` is missing, and the last one once everything is there.
 */

/** A nested field of a manifest, or undefined. */
function field(object: Manifest, ...path: string[]): unknown {
  let value: unknown = object;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return value;
}

function text(object: Manifest, ...path: string[]): string | undefined {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : undefined;
}

const ns = (object: Manifest) => object.metadata.namespace;

/** The condition list `[{ type, status }]` of a status. */
function conditions(...list: [type: string, status: string, message?: string][]): Record<string, unknown>[] {
  return list.map(([type, status, message]) => (message === undefined ? { type, status } : { type, status, message }));
}

// ---------------------------------------------------------------------------------------------------------
/** Keycloak: the RHBK operator (k8s.keycloak.org) and the legacy RH-SSO operator (keycloak.org). */
export const KEYCLOAK_EFFECTS: readonly ControllerEffect[] = [
  {
    kind: 'keycloak.org/Keycloak',
    controller: 'rhsso-operator',
    reads: () => [],
    creates: (object) => [
      { kind: 'core/Secret', name: `credential-${object.metadata.name}`, namespace: ns(object), secretKeys: ['ADMIN_USERNAME', 'ADMIN_PASSWORD'], when: 'reconciled' },
      { kind: 'core/Service', name: 'keycloak', namespace: ns(object), when: 'reconciled', service: { headless: false, ports: [{ port: 8443, scheme: 'https' }] } },
      ...(field(object, 'spec', 'externalAccess', 'enabled') === true
        // No host in the CR: the router names it <route>-<namespace>.<apps domain>; `*` stands for the domain.
        ? [{ kind: 'route.openshift.io/Route', name: 'keycloak', namespace: ns(object), when: 'reconciled' as const, route: { host: `keycloak-${ns(object)}.*`, tls: 'reencrypt' as const } }]
        : []),
    ],
    statuses: () => [{}, { phase: 'reconciling', ready: false }, { phase: 'reconciling', ready: true }],
    sources: [
      'keycloak/keycloak-operator pkg/model/keycloak_admin_secret.go@18.0.2',
      'keycloak/keycloak-operator pkg/model/keycloak_route.go@18.0.2',
      'keycloak/keycloak-operator pkg/model/constants.go@18.0.2',
    ],
  },
  {
    kind: 'keycloak.org/KeycloakRealm',
    controller: 'rhsso-operator',
    reads: (object) => [{ kind: 'keycloak.org/Keycloak', name: '*', namespace: ns(object) }],
    creates: () => [],
    // Until the Keycloak it selects answers, the realm controller reports `failing` (issue 14, point 4).
    statuses: () => [{}, { phase: 'failing', ready: false, message: 'Keycloak is not ready' }, { phase: 'reconciled', ready: true }],
    sources: ['keycloak/keycloak-operator pkg/controller/keycloakrealm/keycloakrealm_controller.go@18.0.2'],
  },
  {
    kind: 'keycloak.org/KeycloakClient',
    controller: 'rhsso-operator',
    reads: (object) => [
      { kind: 'keycloak.org/KeycloakRealm', name: '*', namespace: ns(object) },
      { kind: 'keycloak.org/Keycloak', name: '*', namespace: ns(object) },
    ],
    creates: (object) => [{
      kind: 'core/Secret',
      name: `keycloak-client-secret-${text(object, 'spec', 'client', 'clientId') ?? object.metadata.name}`,
      namespace: ns(object),
      secretKeys: ['CLIENT_ID', 'CLIENT_SECRET'],
      // Written once the client exists in Keycloak.
      when: 'ready',
    }],
    statuses: () => [{}, { phase: 'failing', ready: false, message: 'Keycloak is not ready' }, { phase: 'reconciled', ready: true }],
    sources: [
      'keycloak/keycloak-operator pkg/model/client_secret.go@18.0.2',
      'keycloak/keycloak-operator pkg/model/constants.go@18.0.2',
      'keycloak/keycloak-operator pkg/controller/keycloakclient/keycloakclient_controller.go@18.0.2',
    ],
  },
  {
    kind: 'k8s.keycloak.org/Keycloak',
    controller: 'rhbk-operator',
    reads: (object) => {
      const secret = text(object, 'spec', 'db', 'passwordSecret', 'name');
      return secret ? [{ kind: 'core/Secret', name: secret, namespace: ns(object) }] : [];
    },
    creates: (object) => {
      const name = object.metadata.name;
      const host = text(object, 'spec', 'hostname', 'hostname');
      const ports: ServedPort[] = [{ name: 'https', port: 8443, scheme: 'https' }];
      if (field(object, 'spec', 'http', 'httpEnabled') === true) ports.push({ name: 'http', port: 8080, scheme: 'http' });
      const created: CreatedObject[] = [
        { kind: 'core/Service', name: `${name}-service`, namespace: ns(object), when: 'reconciled', service: { headless: false, ports } },
        { kind: 'core/Secret', name: `${name}-initial-admin`, namespace: ns(object), secretKeys: ['username', 'password'], when: 'reconciled' },
      ];
      // The operator renders an Ingress; OpenShift's ingress-to-route controller turns it into a Route.
      if (field(object, 'spec', 'ingress', 'enabled') !== false && host) {
        const termination = text(object, 'spec', 'ingress', 'annotations', 'route.openshift.io/termination');
        created.push({ kind: 'route.openshift.io/Route', name: `${name}-ingress`, namespace: ns(object), when: 'reconciled', route: { host, tls: termination === 'edge' ? 'edge' : termination === 'passthrough' ? 'passthrough' : 'reencrypt' } });
      }
      return created;
    },
    statuses: () => [{}, { conditions: conditions(['Ready', 'False'], ['HasErrors', 'False']) }, { conditions: conditions(['Ready', 'True'], ['HasErrors', 'False']) }],
    sources: [
      'keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakServiceDependentResource.java@26.0.0',
      'keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakIngressDependentResource.java@26.0.0',
      'keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakAdminSecretDependentResource.java@26.0.0',
    ],
  },
  {
    kind: 'k8s.keycloak.org/KeycloakRealmImport',
    controller: 'rhbk-operator',
    reads: (object) => {
      const refs: ObjectRef[] = [{ kind: 'k8s.keycloak.org/Keycloak', name: text(object, 'spec', 'keycloakCRName') ?? '*', namespace: ns(object) }];
      const placeholders = (field(object, 'spec', 'placeholders') ?? {}) as Record<string, { secret?: { name?: string } }>;
      for (const placeholder of Object.values(placeholders)) {
        if (placeholder.secret?.name) refs.push({ kind: 'core/Secret', name: placeholder.secret.name, namespace: ns(object) });
      }
      return refs;
    },
    creates: (object) => [{ kind: 'batch/Job', name: object.metadata.name, namespace: ns(object), when: 'reconciled' }],
    // While Keycloak starts the import reports HasErrors "No existing Deployment found" (issue 14, point 4).
    statuses: () => [
      {},
      { conditions: conditions(['Done', 'False'], ['Started', 'False'], ['HasErrors', 'True', 'No existing Deployment found for Keycloak']) },
      { conditions: conditions(['Done', 'True'], ['Started', 'False'], ['HasErrors', 'False']) },
    ],
    sources: [
      'keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportController.java@26.0.0',
      'keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@26.0.0',
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------
/** 3scale operator (capabilities.3scale.net) and zync. */
const TENANT = 'the 3scale tenant Secret, created by the platform team (docs/gateway.md)';

/** The parts of a Product spec that make up its proxy configuration: everything but plans and prose. */
export function proxyConfiguration(product: Manifest | undefined): string {
  if (!product?.spec) return '';
  const { applicationPlans: _plans, description: _description, name: _name, ...proxy } = product.spec;
  return JSON.stringify(proxy);
}

export const THREESCALE_EFFECTS: readonly ControllerEffect[] = [
  {
    kind: 'capabilities.3scale.net/Backend',
    controller: '3scale-operator',
    reads: (object) => [{ kind: 'core/Secret', name: text(object, 'spec', 'providerAccountRef', 'name') ?? 'threescale-provider-account', namespace: ns(object), prerequisite: TENANT }],
    creates: () => [],
    statuses: () => [{}, { conditions: conditions(['Synced', 'True']), observedGeneration: 1 }],
    sources: ['3scale/3scale-operator controllers/capabilities/backend_controller.go@3scale-2.15.1-GA'],
  },
  {
    kind: 'capabilities.3scale.net/Product',
    controller: '3scale-operator',
    reads: (object) => {
      const refs: ObjectRef[] = [{ kind: 'core/Secret', name: text(object, 'spec', 'providerAccountRef', 'name') ?? 'threescale-provider-account', namespace: ns(object), prerequisite: TENANT }];
      for (const backend of Object.keys((field(object, 'spec', 'backendUsages') ?? {}) as object)) {
        refs.push({ kind: 'capabilities.3scale.net/Backend', name: backend, namespace: ns(object) });
      }
      const issuer = text(object, 'spec', 'deployment', 'apicastSelfManaged', 'authentication', 'oidc', 'issuerEndpointRef', 'name')
        ?? text(object, 'spec', 'deployment', 'apicastHosted', 'authentication', 'oidc', 'issuerEndpointRef', 'name');
      if (issuer) refs.push({ kind: 'core/Secret', name: issuer, namespace: ns(object) });
      return refs;
    },
    // The issuer Secret is read while reconciling the Product, and not watched: only a change of the Product
    // itself (a new generation) makes the operator read it again.
    unwatchedReads: (object) => {
      const issuer = text(object, 'spec', 'deployment', 'apicastSelfManaged', 'authentication', 'oidc', 'issuerEndpointRef', 'name');
      return issuer ? [{ kind: 'core/Secret', name: issuer, namespace: ns(object) }] : [];
    },
    // zync creates Routes for the public base URLs of hosted APIcast only; self-managed gets none.
    creates: (object) => {
      if (!field(object, 'spec', 'deployment', 'apicastHosted')) return [];
      return [
        { kind: 'route.openshift.io/Route', name: `zync-3scale-api-${object.metadata.name}-staging`, namespace: ns(object), when: 'ready', route: { host: '*', tls: 'edge' } },
        { kind: 'route.openshift.io/Route', name: `zync-3scale-api-${object.metadata.name}-production`, namespace: ns(object), when: 'ready', route: { host: '*', tls: 'edge' } },
      ];
    },
    statuses: () => [{}, { conditions: conditions(['Synced', 'True']), observedGeneration: 1 }],
    sources: [
      '3scale/3scale-operator controllers/capabilities/product_controller.go@3scale-2.15.1-GA',
      '3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA',
      '3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA',
    ],
  },
  {
    kind: 'capabilities.3scale.net/ProxyConfigPromote',
    controller: '3scale-operator',
    reads: (object) => [{ kind: 'capabilities.3scale.net/Product', name: text(object, 'spec', 'productCRName') ?? '', namespace: ns(object) }],
    creates: () => [],
    // A new promotion of a Product whose proxy configuration did not change since the last one ends with
    // "no product changes detected" (Failed).
    statuses: (object, context?: EffectContext) => {
      const product: ObjectRef = { kind: 'capabilities.3scale.net/Product', name: text(object, 'spec', 'productCRName') ?? '', namespace: ns(object) };
      const before = context?.previous(product);
      const unchanged = before !== undefined && proxyConfiguration(before) === proxyConfiguration(context?.current(product));
      return unchanged
        ? [{}, { conditions: conditions(['Failed', 'True', 'no product changes detected']) }]
        : [{}, { conditions: conditions(['Ready', 'True']) }];
    },
    sources: ['3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA'],
  },
];

// ---------------------------------------------------------------------------------------------------------
/** How an InferenceService is deployed: its annotation, else the DataScienceCluster default of OpenShift AI 2.16. */
export function deploymentMode(isvc: Manifest): 'RawDeployment' | 'Serverless' | 'ModelMesh' {
  const mode = text(isvc, 'metadata', 'annotations', 'serving.kserve.io/deploymentMode');
  return mode === 'RawDeployment' || mode === 'ModelMesh' ? mode : 'Serverless';
}

/** The NetworkPolicies odh-model-controller adds to a namespace holding a Serverless InferenceService. */
function odhNetworkPolicies(namespace: string | undefined): CreatedObject[] {
  const policy = (name: string, from: Record<string, unknown>[]): CreatedObject => ({
    kind: 'networking.k8s.io/NetworkPolicy', name, namespace, when: 'reconciled',
    networkPolicy: { podSelector: {}, ingress: [{ from }], policyTypes: ['Ingress'] },
  });
  return [
    policy('allow-from-openshift-monitoring-ns', [{ namespaceSelector: { matchLabels: { name: 'openshift-user-workload-monitoring' } } }]),
    policy('allow-openshift-ingress', [{ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'ingress' } } }]),
    policy('allow-from-opendatahub-ns', [
      { namespaceSelector: { matchLabels: { 'opendatahub.io/dashboard': 'true' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redhat-ods-applications' } } },
      { namespaceSelector: { matchLabels: { 'opendatahub.io/generated-namespace': 'true' } } },
    ]),
  ];
}

/** KServe (opendatahub-io/kserve), odh-model-controller, ModelMesh and Knative as OpenShift AI runs them. */
export const SERVING_EFFECTS: readonly ControllerEffect[] = [
  {
    kind: 'serving.kserve.io/ServingRuntime',
    controller: 'kserve',
    // A template KServe reads when it reconciles an InferenceService; nothing reconciles it on its own.
    reads: () => [],
    creates: () => [],
    statuses: () => [{}],
    sources: ['opendatahub-io/kserve pkg/apis/serving/v1alpha1/servingruntime_types.go@odh-v2.22'],
  },
  {
    kind: 'serving.kserve.io/InferenceService',
    controller: 'kserve and odh-model-controller',
    reads: (object) => {
      const runtime = text(object, 'spec', 'predictor', 'model', 'runtime');
      const refs: ObjectRef[] = runtime ? [{ kind: 'serving.kserve.io/ServingRuntime', name: runtime, namespace: ns(object) }] : [];
      const key = text(object, 'spec', 'predictor', 'model', 'storage', 'key');
      if (key) refs.push({ kind: 'core/Secret', name: 'storage-config', namespace: ns(object), prerequisite: `the data connection "${key}", created in the OpenShift AI dashboard` });
      return refs;
    },
    creates: (object) => {
      const name = object.metadata.name;
      const namespace = ns(object);
      switch (deploymentMode(object)) {
        case 'RawDeployment':
          return [
            // Headless: a client connects to the pod IP on the port it asked for; 80 -> containerPort is not applied.
            { kind: 'core/Service', name: `${name}-predictor`, namespace, when: 'reconciled', service: { headless: true, ports: [{ name: 'http', port: 80, scheme: 'http' }] }, pods: { labels: { app: `isvc.${name}-predictor` }, ports: [] } },
            { kind: 'apps/Deployment', name: `${name}-predictor`, namespace, when: 'reconciled' },
          ];
        case 'Serverless':
          return [
            // Leads to knative-local-gateway, which takes ISTIO_MUTUAL: mesh clients only.
            { kind: 'core/Service', name: `${name}-predictor`, namespace, when: 'reconciled', meshOnly: true, service: { headless: false, ports: [{ port: 80, scheme: 'istio-mutual' }] }, pods: { labels: { 'serving.knative.dev/service': `${name}-predictor`, component: 'predictor' }, ports: [] } },
            // status.address.url: served by kserve-local-gateway with the service CA, reachable without the mesh.
            { kind: 'core/Service', name, namespace, when: 'ready', service: { headless: false, ports: [{ port: 443, scheme: 'https' }] }, pods: { labels: { 'serving.knative.dev/service': `${name}-predictor`, component: 'predictor' }, ports: [] } },
            ...odhNetworkPolicies(namespace),
          ];
        case 'ModelMesh':
          return [{ kind: 'core/Service', name: 'modelmesh-serving', namespace, when: 'reconciled', service: { headless: false, ports: [{ name: 'http', port: 8008, scheme: 'http' }, { name: 'grpc', port: 8033, scheme: 'grpc' }] }, pods: { labels: { 'modelmesh-service': 'modelmesh-serving' }, ports: [{ port: 8008, scheme: 'http' }, { port: 8033, scheme: 'grpc' }] } }];
      }
    },
    statuses: () => [
      {},
      { conditions: conditions(['PredictorReady', 'Unknown'], ['Ready', 'Unknown']), modelStatus: { transitionStatus: 'InProgress' } },
      { conditions: conditions(['PredictorReady', 'True'], ['Ready', 'True']), modelStatus: { transitionStatus: 'UpToDate' } },
    ],
    sources: [
      'opendatahub-io/kserve pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22',
      'opendatahub-io/odh-model-controller controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22',
      'opendatahub-io/opendatahub-operator components/kserve/resources/servicemesh/istio-local-gateway.yaml@v2.22.0',
      'opendatahub-io/modelmesh-serving controllers/modelmesh/modelmesh_service.go@v0.12.0',
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------
/** External Secrets, OLM, OpenShift (router, service CA) and Kubernetes built-ins. */
const STORE = 'the External Secrets store, created by the platform team (docs/gateway.md)';

export const PLATFORM_EFFECTS: readonly ControllerEffect[] = [
  {
    kind: 'external-secrets.io/ExternalSecret',
    controller: 'external-secrets',
    reads: (object) => {
      const store = text(object, 'spec', 'secretStoreRef', 'name') ?? '';
      const kind = text(object, 'spec', 'secretStoreRef', 'kind') ?? 'SecretStore';
      const refs: ObjectRef[] = [{ kind: `external-secrets.io/${kind}`, name: store, namespace: kind === 'SecretStore' ? ns(object) : undefined, prerequisite: STORE }];
      // The store reads the identity namespace: a remote key is the name of a Secret there (namespace left open).
      for (const item of (field(object, 'spec', 'data') ?? []) as { remoteRef?: { key?: string } }[]) {
        if (item.remoteRef?.key) refs.push({ kind: 'core/Secret', name: item.remoteRef.key, namespace: '*' });
      }
      return refs;
    },
    creates: (object) => {
      const templateKeys = Object.keys((field(object, 'spec', 'target', 'template', 'data') ?? {}) as object);
      const keys = templateKeys.length > 0 ? templateKeys : ((field(object, 'spec', 'data') ?? []) as { secretKey?: string }[]).map((d) => d.secretKey ?? '');
      return [{ kind: 'core/Secret', name: text(object, 'spec', 'target', 'name') ?? object.metadata.name, namespace: ns(object), secretKeys: keys, when: 'ready' }];
    },
    statuses: () => [
      {},
      { conditions: [{ type: 'Ready', status: 'False', reason: 'SecretSyncedError', message: 'could not get secret data from provider' }] },
      { conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced', message: 'secret synced' }] },
    ],
    sources: ['external-secrets/external-secrets pkg/controllers/externalsecret/externalsecret_controller.go@v0.17.0'],
  },
  {
    kind: 'operators.coreos.com/Subscription',
    controller: 'olm',
    reads: (object) => [{ kind: 'operators.coreos.com/OperatorGroup', name: '*', namespace: ns(object) }],
    creates: () => [],
    // With Manual approval the InstallPlan waits for a person: InstallPlanPending until approved.
    statuses: (object) => field(object, 'spec', 'installPlanApproval') === 'Manual'
      ? [{}, { conditions: conditions(['InstallPlanPending', 'True']), state: 'UpgradePending' }]
      : [{}, { conditions: conditions(['CatalogSourcesUnhealthy', 'False']), state: 'AtLatestKnown' }],
    sources: ['operator-framework/api pkg/operators/v1alpha1/subscription_types.go@v0.27.0'],
  },
  { kind: 'operators.coreos.com/OperatorGroup', controller: 'olm', reads: () => [], creates: () => [], statuses: () => [{}], sources: ['operator-framework/api pkg/operators/v1/operatorgroup_types.go@v0.27.0'] },
  {
    kind: 'core/Namespace',
    controller: 'kube-apiserver',
    reads: () => [],
    // The API server labels every namespace with its own name (kubernetes.io/metadata.name).
    creates: () => [],
    statuses: () => [{}],
    sources: ['kubernetes/kubernetes pkg/registry/core/namespace/strategy.go@v1.28.0'],
  },
  {
    kind: 'core/Service',
    controller: 'service-ca-operator',
    reads: () => [],
    creates: (object) => {
      const secret = text(object, 'metadata', 'annotations', 'service.beta.openshift.io/serving-cert-secret-name');
      return secret ? [{ kind: 'core/Secret', name: secret, namespace: ns(object), secretKeys: ['tls.crt', 'tls.key'], when: 'reconciled' }] : [];
    },
    statuses: () => [{}],
    sources: [
      'openshift/service-ca-operator pkg/controller/servingcert/controller/secret_creating_controller.go@release-4.16',
      'argoproj/gitops-engine pkg/health/health_service.go@4c6e03c46314',
    ],
  },
  {
    kind: 'core/ConfigMap',
    controller: 'cluster-network-operator',
    reads: () => [],
    // Labelled config.openshift.io/inject-trusted-cabundle: the network operator writes ca-bundle.crt into it.
    creates: () => [],
    statuses: () => [{}],
    sources: ['openshift/cluster-network-operator pkg/controller/configmap_ca_injector/controller.go@release-4.16'],
  },
  {
    kind: 'apps/Deployment',
    controller: 'kube-controller-manager',
    // Pods do not start until the Secrets and ConfigMaps they mount exist.
    reads: (object) => {
      const volumes = (field(object, 'spec', 'template', 'spec', 'volumes') ?? []) as { secret?: { secretName?: string }; configMap?: { name?: string } }[];
      return volumes.flatMap((volume): ObjectRef[] => [
        ...(volume.secret?.secretName ? [{ kind: 'core/Secret', name: volume.secret.secretName, namespace: ns(object) }] : []),
        ...(volume.configMap?.name ? [{ kind: 'core/ConfigMap', name: volume.configMap.name, namespace: ns(object) }] : []),
      ]);
    },
    creates: (object) => {
      const labels = (field(object, 'spec', 'template', 'metadata', 'labels') ?? {}) as Record<string, string>;
      const containers = (field(object, 'spec', 'template', 'spec', 'containers') ?? []) as { ports?: { containerPort: number; name?: string }[] }[];
      const ports = containers.flatMap((c) => c.ports ?? []).map((p): ServedPort => ({ name: p.name, port: p.containerPort, scheme: p.name === 'https' ? 'https' : 'http' }));
      return [{ kind: 'core/Pod', name: `${object.metadata.name}-*`, namespace: ns(object), when: 'reconciled', pods: { labels, ports } }];
    },
    statuses: (object) => {
      const replicas = (field(object, 'spec', 'replicas') as number | undefined) ?? 1;
      return [{}, { observedGeneration: 1, replicas, updatedReplicas: replicas, availableReplicas: replicas }];
    },
    sources: ['argoproj/gitops-engine pkg/health/health_deployment.go@4c6e03c46314'],
  },
  { kind: 'networking.k8s.io/NetworkPolicy', controller: 'ovn-kubernetes', reads: () => [], creates: () => [], statuses: () => [{}], sources: ['kubernetes/api networking/v1/types.go@v0.28.0'] },
  {
    kind: 'batch/Job',
    controller: 'kube-controller-manager',
    reads: (object) => {
      const containers = (field(object, 'spec', 'template', 'spec', 'containers') ?? []) as { env?: { valueFrom?: { secretKeyRef?: { name?: string } } }[] }[];
      const secrets = new Set(containers.flatMap((c) => c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name).filter((n): n is string => !!n));
      const volumes = (field(object, 'spec', 'template', 'spec', 'volumes') ?? []) as { configMap?: { name?: string } }[];
      return [
        ...[...secrets].map((name) => ({ kind: 'core/Secret', name, namespace: ns(object) })),
        ...volumes.filter((v) => v.configMap?.name).map((v) => ({ kind: 'core/ConfigMap', name: v.configMap?.name ?? '', namespace: ns(object) })),
      ];
    },
    creates: () => [],
    statuses: () => [{}, { active: 1 }, { succeeded: 1, conditions: conditions(['Complete', 'True']) }],
    sources: ['argoproj/gitops-engine pkg/health/health_job.go@4c6e03c46314'],
  },
  {
    kind: 'route.openshift.io/Route',
    controller: 'openshift-router',
    reads: () => [],
    creates: () => [],
    statuses: () => [{}, { ingress: [{ conditions: conditions(['Admitted', 'True']) }] }],
    sources: ['openshift/router pkg/router/controller/status.go@release-4.16'],
  },
  { kind: 'monitoring.coreos.com/PodMonitor', controller: 'prometheus-operator', reads: () => [], creates: () => [], statuses: () => [{}], sources: ['prometheus-operator/prometheus-operator pkg/apis/monitoring/v1/podmonitor_types.go@v0.75.0'] },
  { kind: 'monitoring.coreos.com/PrometheusRule', controller: 'prometheus-operator', reads: () => [], creates: () => [], statuses: () => [{}], sources: ['prometheus-operator/prometheus-operator pkg/apis/monitoring/v1/prometheusrule_types.go@v0.75.0'] },
];

/** Every row, keyed by `<group>/<Kind>`. A kind appears once. */
export const CONTROLLER_EFFECTS: ReadonlyMap<string, ControllerEffect> = new Map(
  [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS].map((row) => [row.kind, row]),
);
