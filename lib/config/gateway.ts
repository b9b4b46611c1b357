import { z } from 'zod';
import { operatorSubscription } from './operator';
import { dnsLabel, dnsSubdomain, httpsUrl } from './primitives';
import { show } from './show';

/**
 * One call a model's API offers: a 3scale method, the mapping rule that counts it, and the HTTP request it
 * matches. The gateway derives these from the model's runtime; they are not written in environment files.
 */
export interface BuiltInMethod {
  /** 3scale system name: letters, digits and `_` only (3scale refuses `/`). */
  readonly systemName: string;
  /** Name shown in the 3scale Admin Portal; unique among a Product's metrics and methods. */
  readonly friendlyName: string;
  /** HTTP method of the mapping rule. */
  readonly httpMethod: 'GET' | 'POST';
  /** Mapping rule pattern; the public path, identical on the gateway and on the model. */
  readonly pattern: string;
}

/** The KServe prediction call of the design (`POST /predict`). */
export const PREDICT_METHODS: readonly BuiltInMethod[] = [
  { systemName: 'predict', friendlyName: 'Predict', httpMethod: 'POST', pattern: '/predict' },
];

/** The OpenAI API calls of OpenAI-compatible runtimes (vLLM), under `/v1` as OpenAI clients expect. */
export const OPENAI_METHODS: readonly BuiltInMethod[] = [
  { systemName: 'chat_completions', friendlyName: 'Chat completions', httpMethod: 'POST', pattern: '/v1/chat/completions' },
  { systemName: 'completions', friendlyName: 'Completions', httpMethod: 'POST', pattern: '/v1/completions' },
  { systemName: 'embeddings', friendlyName: 'Embeddings', httpMethod: 'POST', pattern: '/v1/embeddings' },
  { systemName: 'models', friendlyName: 'Models', httpMethod: 'GET', pattern: '/v1/models' },
];

/** Every built-in method of any runtime: what an environment file may refer to before the runtime is known. */
export const ALL_BUILT_IN_METHODS: readonly BuiltInMethod[] = [...PREDICT_METHODS, ...OPENAI_METHODS];

/** The metric 3scale keeps on every Product and Backend; the operator adds it when it is missing. */
export const HITS_METRIC = 'hits';

/** A 3scale system name for a metric, method or plan. */
const systemName = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, {
  error: (issue) => `${show(issue.input)} is not a system name: use lowercase letters, digits and "_", starting with a letter`,
});

/** An amount in US dollars as 3scale writes it: `"10"` or `"10.50"`. */
const amountHint = (input: unknown) => `${show(input)} is not an amount: write a quoted string such as "10" or "10.50"`;
const money = z
  // A number is refused rather than converted: 10.5 would have to become "10.50", which the writer should see.
  .string({ error: (issue) => (issue.input === undefined ? undefined : amountHint(issue.input)) })
  .regex(/^\d+(\.\d{2})?$/, { error: (issue) => amountHint(issue.input) });

/** A plan's ceiling on one metric or method over one period. */
export const limit = z.strictObject({
  /** System name of the metric or method: `hits`, a built-in method (`predict`, ...) or a metric of the product. */
  metricMethodRef: systemName,
  /** Window the value applies to. */
  period: z.enum(['eternity', 'year', 'month', 'week', 'day', 'hour', 'minute']),
  /** Calls allowed per period; 0 blocks the method on this plan. */
  value: z.int().min(0),
});

/** A price per call for a range of calls in a month. */
export const pricingRule = z.strictObject({
  /** System name of the metric or method priced. */
  metricMethodRef: systemName,
  /** First call of the range (1-based). */
  from: z.int().min(1),
  /** Last call of the range. */
  to: z.int().min(1),
  /** Price of each call in the range, US dollars. */
  pricePerUnit: money,
});

/** An application plan: what a consumer subscribed to it may call, how often, and at what price. */
export const applicationPlan = z.strictObject({
  /** Name shown to consumers. */
  name: z.string().min(1),
  /** A person approves each new application on this plan. */
  appsRequireApproval: z.boolean().default(false),
  /** One-off fee, US dollars. @default no fee */
  setupFee: money.optional(),
  /** Monthly fee, US dollars. @default no fee */
  costMonth: money.optional(),
  /** Rate limits; the gateway answers 429 once one is reached. */
  limits: z.array(limit).default([]),
  /** Per-call prices. */
  pricingRules: z.array(pricingRule).default([]),
  /** Shown in the developer portal, where developers can pick it; false hides it (only an administrator assigns it). */
  published: z.boolean().default(true),
});

/** Application plans by system name; at least one, since without a plan no consumer can get an application. */
const planSet = z.record(systemName, applicationPlan).refine((plans) => Object.keys(plans).length > 0, {
  error: 'declares no plan; add at least one, e.g. basic: { name: Basic, limits: [{ metricMethodRef: hits, period: minute, value: 60 }] }',
});

/** One modest plan, for environments that declare none: 60 calls a minute, 10 000 a day. */
export const DEFAULT_PLANS: Record<string, z.output<typeof applicationPlan>> = {
  basic: {
    name: 'Basic',
    appsRequireApproval: false,
    limits: [
      { metricMethodRef: 'hits', period: 'minute', value: 60 },
      { metricMethodRef: 'hits', period: 'day', value: 10000 },
    ],
    pricingRules: [],
    published: true,
  },
};

/** A metric of a product beyond `hits`, counted by the product's own mapping rules. */
export const metric = z.strictObject({
  /** Name shown in the Admin Portal; unique among the product's metrics and methods. */
  friendlyName: z.string().min(1),
  /** Unit of one increment, e.g. `request`. */
  unit: z.string().min(1),
  /** Shown in the Admin Portal. @default none */
  description: z.string().optional(),
});

/** A mapping rule of a product in addition to the built-in ones. */
export const mappingRule = z.strictObject({
  /** HTTP method the rule matches. */
  httpMethod: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']),
  /** Path pattern, e.g. `/v1/models/{id}`; `$` at the end matches the exact path. */
  pattern: z.string().regex(/^\//, { error: (issue) => `${show(issue.input)} is not a path pattern: start it with "/"` }),
  /** System name of the metric or method the rule counts. */
  metricMethodRef: systemName,
  /** How much one matching call adds. */
  increment: z.int().min(1).default(1),
  /** Stop matching further rules after this one. @default false */
  last: z.boolean().optional(),
});

/** Settings of one model's Product that differ from the gateway's defaults. */
export const productOverrides = z.strictObject({
  /** Replaces the gateway's default plans for this model. @default gateway.plans */
  plans: planSet.optional(),
  /** Metrics of this product besides `hits`. */
  metrics: z.record(systemName, metric).default({}),
  /** Mapping rules besides the built-in ones, e.g. to count a custom metric. */
  mappingRules: z.array(mappingRule).default([]),
  /** Seconds APIcast waits for the model's answer. @default gateway.upstreamTimeoutSeconds */
  upstreamTimeoutSeconds: z.int().min(1).max(3600).optional(),
  /** Public URL of the staging gateway (apicastSelfManaged only). @default `https://<model>-api-staging.<cluster.appsDomain>` */
  stagingPublicBaseURL: httpsUrl.optional(),
  /** Public URL of the production gateway (apicastSelfManaged only). @default `https://<model>-api.<cluster.appsDomain>` */
  productionPublicBaseURL: httpsUrl.optional(),
});

/**
 * An API consumer: a 3scale developer account with its admin user, and one application per Product it
 * subscribes to. 3scale gives each application a client id and secret, and zync creates the Keycloak client
 * from them (docs/gateway.md, *Consumers*).
 */
export const consumer = z.strictObject({
  /**
   * Names the DeveloperAccount, its DeveloperUser and its Applications (`<name>.<model>`). Renaming a consumer
   * deletes it in 3scale and creates a new one with new credentials: treat it as stable.
   */
  name: dnsLabel,
  /** Organisation name shown in 3scale. */
  organization: z.string().min(1),
  /** E-mail address of the account's admin user, who signs in to the developer portal. */
  email: z.email({ error: (issue) => `${show(issue.input)} is not an email address` }),
  /** Products subscribed to: model name (`models[].name`) -> system name of one of its plans. */
  products: z.record(dnsLabel, systemName).default({}),
});

/** The API gateway: 3scale and its operator (design step 3). */
export const gateway = z.strictObject({
  /** The 3scale operator installed through OLM; Products, Backends and APIcast live in its namespace. */
  operator: operatorSubscription,
  /**
   * Secret (keys `adminURL`, `token`) in the operator namespace that gives the operator access to the 3scale
   * tenant. Created outside Git; never rendered.
   */
  tenantSecretName: dnsSubdomain.default('threescale-provider-account'),
  /**
   * The External Secrets store that can read the identity namespace's client Secrets; the gateway composes the
   * OIDC issuer endpoint Secret from it.
   */
  secretStore: z
    .strictObject({
      /** `ClusterSecretStore` (any namespace may use it) or `SecretStore` (in the gateway's namespace). */
      kind: z.enum(['ClusterSecretStore', 'SecretStore']).default('ClusterSecretStore'),
      /** The store's name. */
      name: dnsSubdomain.default('maas-identity'),
    })
    .default({ kind: 'ClusterSecretStore', name: 'maas-identity' }),
  /**
   * Where APIcast runs: `apicastSelfManaged` (public base URLs set here) or `apicastHosted` (3scale chooses
   * the URLs).
   */
  deployment: z.enum(['apicastSelfManaged', 'apicastHosted']).default('apicastSelfManaged'),
  /** Promote each configuration change to production as well as staging. */
  promoteToProduction: z.boolean().default(false),
  /** CORS answers for browser clients. @default no CORS policy: only non-browser clients can call */
  cors: z
    .strictObject({
      /** Origin browsers may call from: one https origin, or `*` (dev only). */
      allowOrigin: z.string().min(1),
    })
    .optional(),
  /** Seconds APIcast waits for a model's answer; long generations need minutes. */
  upstreamTimeoutSeconds: z.int().min(1).max(3600).default(300),
  /** The application plans of every product, unless a product replaces them; at least one. @default DEFAULT_PLANS */
  plans: planSet.default(DEFAULT_PLANS),
  /** Per model (key: `models[].name`), what differs from the defaults above. */
  products: z.record(dnsLabel, productOverrides).default({}),
  /** The API consumers: onboarding one is one entry here. */
  consumers: z.array(consumer).default([]),
});

/** The gateway section as loaded, defaults applied. */
export type Gateway = z.output<typeof gateway>;

/** An application plan as loaded. */
export type ApplicationPlan = z.output<typeof applicationPlan>;

/** An API consumer as loaded. */
export type Consumer = z.output<typeof consumer>;

/** A product's overrides as loaded. */
export type ProductOverrides = z.output<typeof productOverrides>;
