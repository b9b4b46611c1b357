import { Construct } from 'constructs';
import {
  Product,
  type ProductSpecApplicationPlans,
  type ProductSpecApplicationPlansLimitsPeriod,
  type ProductSpecDeployment,
  type ProductSpecDeploymentApicastHostedAuthenticationOidc,
  type ProductSpecDeploymentApicastSelfManagedAuthenticationOidc,
  type ProductSpecMappingRules,
  type ProductSpecMappingRulesHttpMethod,
} from '../../imports/threescale-product-capabilities.3scale.net';
import { HITS_METRIC, type ApplicationPlan, type BuiltInMethod } from '../config/gateway';

/** A metric of the product besides `hits`. */
export interface ProductMetric {
  /** Name shown in the Admin Portal. */
  readonly friendlyName: string;
  /** Unit of one increment. */
  readonly unit: string;
  /** @default - none */
  readonly description?: string;
}

/** A mapping rule besides the built-in ones. */
export interface ProductMappingRule {
  /** HTTP method matched, e.g. `POST`. */
  readonly httpMethod: string;
  /** Path pattern matched, e.g. `/v1/score$`. */
  readonly pattern: string;
  /** System name of the metric or method counted. */
  readonly metricMethodRef: string;
  /** How much one matching call adds. */
  readonly increment: number;
  /** @default - not last */
  readonly last?: boolean;
}

/** Properties for `ThreescaleProduct`. */
export interface ThreescaleProductProps {
  /** Object name and 3scale system name. Part of promotion names and of the default public URLs. */
  readonly name: string;
  /** Namespace the 3scale operator watches; the issuer endpoint Secret must be in it too. */
  readonly namespace: string;
  /** Name shown in the Admin Portal and the Developer Portal. */
  readonly friendlyName: string;
  /** Shown in the Admin Portal. */
  readonly description: string;
  /** System name of the Backend that serves every call. */
  readonly backendSystemName: string;
  /**
   * Path of the Backend within the product.
   *
   * @default "/"
   */
  readonly backendPath?: string;
  /** The calls the model answers; each becomes a method counted by its mapping rule. */
  readonly methods: readonly BuiltInMethod[];
  /**
   * Metrics besides `hits`.
   *
   * @default - none
   */
  readonly metrics?: Readonly<Record<string, ProductMetric>>;
  /**
   * Mapping rules after the built-in ones.
   *
   * @default - none
   */
  readonly mappingRules?: readonly ProductMappingRule[];
  /** Application plans by system name. */
  readonly plans: Readonly<Record<string, ApplicationPlan>>;
  /** Where APIcast runs. */
  readonly deployment: 'apicastSelfManaged' | 'apicastHosted';
  /** Public URL of the staging gateway; required with `apicastSelfManaged`. */
  readonly stagingPublicBaseURL?: string;
  /** Public URL of the production gateway; required with `apicastSelfManaged`. */
  readonly productionPublicBaseURL?: string;
  /** Secret in `namespace` whose `issuerEndpoint` is the realm URL with the zync client's credentials. */
  readonly issuerEndpointSecretName: string;
  /**
   * The realm's issuer URL (host and realm, no credentials), e.g. `https://sso.example.com/realms/ai-realm`. The
   * operator reads the issuer Secret only when it reconciles the Product and does not watch Secrets, so the issuer
   * is also put in the policy chain (a `jwt_claim_check` on `iss`): a new issuer changes the Product's spec,
   * which triggers a reconcile and a promotion.
   */
  readonly issuerUrl: string;
  /**
   * CORS `Access-Control-Allow-Origin`.
   *
   * @default - no CORS policy: browsers cannot call the API
   */
  readonly corsAllowOrigin?: string;
  /**
   * Public paths the upstream serves under another path, e.g. `/predict` -> `/v1/models/iris:predict`.
   * Applied after mapping rules matched the public path, to every path the mapping rule `from` counts
   * as a call: `from` itself and `from/...` (e.g. `/predict/`).
   *
   * @default - none: the upstream serves the public paths
   */
  readonly pathRewrites?: ReadonlyArray<{ readonly from: string; readonly to: string }>;
  /** Seconds APIcast waits for the model (send and read). */
  readonly upstreamTimeoutSeconds: number;
  /** Secret with the tenant's `adminURL` and `token`. */
  readonly providerAccountSecretName: string;
}

/** Seconds APIcast may take to connect to the model, on top of the upstream timeout (`upstream_connection`). */
export const UPSTREAM_CONNECT_TIMEOUT_SECONDS = 10;

/**
 * A 3scale Product for one model: OpenID Connect against the identity realm, the model's calls as methods,
 * plans with limits and prices, and a fixed policy chain (CORS, upstream timeouts, issuer check, APIcast,
 * path rewrites).
 */
export class ThreescaleProduct extends Construct {
  /** `metadata.name`, which ProxyConfigPromote refers to. */
  public readonly name: string;
  /** 3scale system name. */
  public readonly systemName: string;
  /** The spec as rendered; what a promotion promotes. */
  public readonly spec: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: ThreescaleProductProps) {
    super(scope, id);
    const backendPath = props.backendPath ?? '/';
    const metrics = props.metrics ?? {};
    const extraRules = props.mappingRules ?? [];
    this.name = props.name;
    this.systemName = props.name;
    checkReferences(props.name, props.methods, metrics, extraRules, props.plans);

    const mappingRules: ProductSpecMappingRules[] = [
      ...props.methods.map((m) => ({ httpMethod: m.httpMethod as ProductSpecMappingRulesHttpMethod, pattern: m.pattern, metricMethodRef: m.systemName, increment: 1 })),
      ...extraRules.map((r) => ({ ...r, httpMethod: r.httpMethod as ProductSpecMappingRulesHttpMethod })),
    ];

    const product = new Product(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        name: props.friendlyName,
        // Set explicitly: the operator writes its own default back otherwise, and Argo CD would show drift.
        systemName: this.systemName,
        description: props.description,
        deployment: deployment(props),
        backendUsages: { [props.backendSystemName]: { path: backendPath } },
        // `hits` is added by the operator when missing; rendered so that live equals Git.
        metrics: { [HITS_METRIC]: { friendlyName: 'Hits', unit: 'hit', description: 'Number of API hits' }, ...metrics },
        methods: Object.fromEntries(props.methods.map((m) => [m.systemName, { friendlyName: m.friendlyName }])),
        mappingRules,
        applicationPlans: Object.fromEntries(Object.entries(props.plans).map(([name, plan]) => [name, applicationPlan(plan)])),
        policies: [
          // CORS first: a browser's preflight carries no token and must be answered before authentication.
          ...(props.corsAllowOrigin === undefined
            ? []
            : [
              {
                name: 'cors',
                version: 'builtin',
                enabled: true,
                configuration: {
                  allow_origin: props.corsAllowOrigin,
                  allow_headers: ['Authorization', 'Content-Type'],
                  allow_methods: ['GET', 'POST', 'OPTIONS'],
                  allow_credentials: false,
                },
              },
            ]),
          {
            name: 'upstream_connection',
            version: 'builtin',
            enabled: true,
            configuration: { connect_timeout: UPSTREAM_CONNECT_TIMEOUT_SECONDS, send_timeout: props.upstreamTimeoutSeconds, read_timeout: props.upstreamTimeoutSeconds },
          },
          // The issuer in the spec (see `issuerUrl`). It checks in the access phase the `iss` of the token that
          // `apicast` verified in the rewrite phase (APIcast gateway/src/apicast/proxy.lua sets context.jwt in
          // rewrite; policy/jwt_claim_check/jwt_claim_check.lua reads it in access, 3scale-2.15.1-GA). Before
          // `apicast`, so that a refused call is not reported to 3scale as a hit.
          {
            name: 'jwt_claim_check',
            version: 'builtin',
            enabled: true,
            configuration: {
              error_message: `The token was not issued by ${props.issuerUrl}`,
              rules: [
                {
                  resource: '/',
                  resource_type: 'plain',
                  methods: ['ANY'],
                  combine_op: 'and',
                  operations: [{ op: '==', jwt_claim: 'iss', jwt_claim_type: 'plain', value: props.issuerUrl, value_type: 'plain' }],
                },
              ],
            },
          },
          // The operator appends `apicast` when it is missing; rendered so that live equals Git.
          { name: 'apicast', version: 'builtin', enabled: true, configuration: {} },
          // After `apicast`, so that mapping rules (and so metrics and limits) match the public path.
          ...((props.pathRewrites ?? []).length === 0
            ? []
            : [
              {
                name: 'url_rewriting',
                version: 'builtin',
                enabled: true,
                configuration: {
                  // APIcast's mapping rules match a prefix (`^<pattern>`, gateway/src/apicast/mapping_rule.lua@3scale-2.15.1-GA):
                  // `/predict` counts `/predict/` too, so the rewrite takes it as well instead of leaving it to a 404.
                  commands: (props.pathRewrites ?? []).map((r) => ({ op: 'sub', regex: `^${escapeRegex(r.from)}(/.*)?$`, replace: r.to })),
                },
              },
            ]),
        ],
        providerAccountRef: { name: props.providerAccountSecretName },
      },
    });
    this.spec = (product.toJson() as { spec: Record<string, unknown> }).spec;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function deployment(props: ThreescaleProductProps): ProductSpecDeployment {
  // One object serves both deployment kinds: the generated types differ only in their enum names.
  const oidc = {
    issuerType: 'keycloak' as ProductSpecDeploymentApicastSelfManagedAuthenticationOidc['issuerType'],
    // A reference, never `issuerEndpoint`: the URL embeds the client secret.
    issuerEndpointRef: { name: props.issuerEndpointSecretName },
    // Consumers use the client credentials grant (service accounts); zync applies these flows to the clients it manages.
    authenticationFlow: { standardFlowEnabled: true, implicitFlowEnabled: false, serviceAccountsEnabled: true, directAccessGrantsEnabled: false },
    // `azp` is the client the token was issued to: the consumer's Keycloak client id, equal to its 3scale application id.
    jwtClaimWithClientId: 'azp',
    jwtClaimWithClientIdType: 'plain' as ProductSpecDeploymentApicastSelfManagedAuthenticationOidc['jwtClaimWithClientIdType'],
    // `Authorization: Bearer <token>`.
    credentials: 'headers' as ProductSpecDeploymentApicastSelfManagedAuthenticationOidc['credentials'],
  } as ProductSpecDeploymentApicastSelfManagedAuthenticationOidc & ProductSpecDeploymentApicastHostedAuthenticationOidc;
  if (props.deployment === 'apicastHosted') {
    return { apicastHosted: { authentication: { oidc } } };
  }
  if (props.stagingPublicBaseURL === undefined || props.productionPublicBaseURL === undefined) {
    throw new Error(`ThreescaleProduct ${props.name}: stagingPublicBaseURL and productionPublicBaseURL are required with apicastSelfManaged; pass both, or use apicastHosted`);
  }
  return {
    apicastSelfManaged: {
      stagingPublicBaseUrl: props.stagingPublicBaseURL,
      productionPublicBaseUrl: props.productionPublicBaseURL,
      authentication: { oidc },
    },
  };
}

function applicationPlan(plan: ApplicationPlan): ProductSpecApplicationPlans {
  return {
    name: plan.name,
    appsRequireApproval: plan.appsRequireApproval,
    setupFee: plan.setupFee,
    costMonth: plan.costMonth,
    // Empty lists are left out, as the operator (Go `omitempty`) writes them back.
    limits: nonEmpty(plan.limits.map((l) => ({ period: l.period as ProductSpecApplicationPlansLimitsPeriod, value: l.value, metricMethodRef: { systemName: l.metricMethodRef } }))),
    pricingRules: nonEmpty(plan.pricingRules.map((r) => ({ from: r.from, to: r.to, pricePerUnit: r.pricePerUnit, metricMethodRef: { systemName: r.metricMethodRef } }))),
    // Rendered either way: the CRD's default is hidden, so an absent field would hide every plan.
    published: plan.published,
  };
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * Every mapping rule, limit and price refers to a metric or method of this product. The loader checks this
 * against every runtime's methods; here the model's runtime is known, so a method of another runtime is caught.
 */
function checkReferences(
  name: string,
  methods: readonly BuiltInMethod[],
  metrics: Readonly<Record<string, ProductMetric>>,
  rules: readonly ProductMappingRule[],
  plans: Readonly<Record<string, ApplicationPlan>>,
): void {
  const known = [HITS_METRIC, ...methods.map((m) => m.systemName), ...Object.keys(metrics)];
  const refs: [string, string][] = [
    ...rules.map((r, i): [string, string] => [`mappingRules[${i}]`, r.metricMethodRef]),
    ...Object.entries(plans).flatMap(([plan, p]) => [
      ...p.limits.map((l, i): [string, string] => [`plans.${plan}.limits[${i}]`, l.metricMethodRef]),
      ...p.pricingRules.map((r, i): [string, string] => [`plans.${plan}.pricingRules[${i}]`, r.metricMethodRef]),
    ]),
  ];
  const problems = refs
    .filter(([, ref]) => !known.includes(ref))
    .map(([where, ref]) => `${where}.metricMethodRef ${JSON.stringify(ref)} is not a metric or method of this model's runtime`);
  if (problems.length > 0) {
    throw new Error(`ThreescaleProduct ${name}: ${problems.join('; ')}; use one of ${known.join(', ')}`);
  }
}
