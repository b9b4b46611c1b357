import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { OPENAI_METHODS, PREDICT_METHODS, type ApplicationPlan } from '../config/gateway';
import type { Environment } from '../config/schema';
import { IssuerEndpointSecret } from '../constructs/issuer-endpoint-secret';
import { OperatorInstall } from '../constructs/operator-install';
import { ProxyConfigPromote } from '../constructs/proxy-config-promote';
import { ThreescaleApplication } from '../constructs/threescale-application';
import { ThreescaleBackend } from '../constructs/threescale-backend';
import { GatewayRoute } from '../constructs/gateway-route';
import { ThreescaleDeveloperAccount } from '../constructs/threescale-developer-account';
import { ThreescaleProduct, UPSTREAM_CONNECT_TIMEOUT_SECONDS } from '../constructs/threescale-product';
import type { IdentityOutputs, ModelEndpointOutputs } from './outputs';

/** Properties for `GatewayChart`. */
export interface GatewayChartProps {
  /** The environment's gateway section. */
  readonly gateway: Environment['gateway'];
  /** The cluster's apps domain, for the default public URLs of the gateway. */
  readonly appsDomain: string;
  /** The realm and clients tokens come from. */
  readonly identity: IdentityOutputs;
  /** The models to publish. */
  readonly models: readonly ModelEndpointOutputs[];
}

/** A consumer's subscription to one Product. */
export interface ConsumerApplication {
  /** Consumer name (`gateway.consumers[].name`): its DeveloperAccount. */
  readonly consumer: string;
  /** The Application's `metadata.name`: `<consumer>.<model>`. */
  readonly application: string;
  /** Plan system name. */
  readonly plan: string;
}

/** Where one model's API is published. */
export interface PublishedApi {
  /** Model name. */
  readonly model: string;
  /** Product `metadata.name` and 3scale system name. */
  readonly product: string;
  /** Public URL of the staging gateway, when self-managed. */
  readonly stagingPublicBaseURL?: string;
  /** Public URL of the production gateway, when self-managed. */
  readonly productionPublicBaseURL?: string;
  /**
   * The URL consumers call: production when the environment promotes to production, staging otherwise
   * (the configuration reaches no other gateway). Undefined when hosted: 3scale chooses it.
   */
  readonly gatewayURL?: string;
  /** The Route (in the gateway namespace) that serves `gatewayURL`, when self-managed. */
  readonly gatewayRoute?: string;
  /** Seconds the gateway's Routes let a request run (`haproxy.router.openshift.io/timeout`), when self-managed. */
  readonly routeTimeoutSeconds?: number;
  /** The calls the API offers, e.g. `POST /predict`. */
  readonly calls: readonly string[];
  /** The application plans consumers can subscribe to, by system name. */
  readonly plans: Readonly<Record<string, ApplicationPlan>>;
  /** The consumers subscribed to this API, in the order of `gateway.consumers`. */
  readonly applications: readonly ConsumerApplication[];
}

/**
 * 3scale in front of the models (design step 3): the operator, then per model a Backend (where calls go), a
 * Product (OIDC against the identity realm, methods, plans, policies) and a promotion of its configuration;
 * per consumer a developer account with its admin user, and an Application per Product it subscribes to.
 */
export class GatewayChart extends Chart {
  /** Per model, where its API is published. */
  public readonly apis: readonly PublishedApi[];

  constructor(scope: Construct, id: string, props: GatewayChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { gateway, identity } = props;
    const operator = new OperatorInstall(this, 'Operator', gateway.operator);
    const namespace = operator.namespace;

    // One issuer endpoint for every Product: they all trust the same realm, through the same zync client.
    const issuer = new IssuerEndpointSecret(this, 'IssuerEndpoint', {
      name: `oidc-issuer-${identity.realm}`,
      namespace,
      issuerUrl: identity.issuerUrl,
      clientId: identity.gatewayClientId,
      sourceSecretName: identity.gatewayClientSecretName,
      secretStoreRef: gateway.secretStore,
    });

    const accounts = new Map(gateway.consumers.map((consumer) => [consumer.name, new ThreescaleDeveloperAccount(this, `Consumer-${consumer.name}`, {
      name: consumer.name,
      namespace,
      orgName: consumer.organization,
      adminEmail: consumer.email,
      providerAccountSecretName: gateway.tenantSecretName,
    })]));

    this.apis = props.models.map((model) => {
      const overrides = gateway.products[model.name];
      const plans = overrides?.plans ?? gateway.plans;
      const methods = model.openAICompatible ? OPENAI_METHODS : PREDICT_METHODS;
      // Hosted APIcast: 3scale chooses the public URLs.
      const selfManaged = gateway.deployment === 'apicastSelfManaged';
      const stagingPublicBaseURL = selfManaged ? (overrides?.stagingPublicBaseURL ?? `https://${model.name}-api-staging.${props.appsDomain}`) : undefined;
      const productionPublicBaseURL = selfManaged ? (overrides?.productionPublicBaseURL ?? `https://${model.name}-api.${props.appsDomain}`) : undefined;

      const upstreamTimeoutSeconds = overrides?.upstreamTimeoutSeconds ?? gateway.upstreamTimeoutSeconds;
      const backend = new ThreescaleBackend(this, `Backend-${model.name}`, {
        name: `${model.name}-backend`,
        namespace,
        friendlyName: `${model.name} model`,
        privateBaseURL: model.url,
        methods,
        providerAccountSecretName: gateway.tenantSecretName,
      });
      const product = new ThreescaleProduct(this, `Product-${model.name}`, {
        name: `${model.name}-api`,
        namespace,
        friendlyName: `${model.name} API`,
        description: `Model ${model.name} (namespace ${model.namespace}), served from ${model.url}`,
        backendSystemName: backend.systemName,
        methods,
        metrics: overrides?.metrics,
        mappingRules: overrides?.mappingRules,
        plans,
        deployment: gateway.deployment,
        stagingPublicBaseURL,
        productionPublicBaseURL,
        issuerEndpointSecretName: issuer.secretName,
        issuerUrl: identity.issuerUrl,
        corsAllowOrigin: gateway.cors?.allowOrigin,
        // KServe serves `predict` under a model-specific path; OpenAI-compatible runtimes serve the public paths.
        pathRewrites: model.openAICompatible ? [] : PREDICT_METHODS.map((m) => ({ from: m.pattern, to: model.predictPath })),
        upstreamTimeoutSeconds,
        providerAccountSecretName: gateway.tenantSecretName,
      });
      // zync makes Routes for hosted APIcast only: a self-managed gateway's public URLs need Routes of ours, and
      // the router must wait as long as APIcast waits for the model.
      if (stagingPublicBaseURL !== undefined && productionPublicBaseURL !== undefined) {
        const timeoutSeconds = upstreamTimeoutSeconds + UPSTREAM_CONNECT_TIMEOUT_SECONDS;
        new GatewayRoute(this, `Route-${model.name}-staging`, { name: `${product.name}-staging`, namespace, publicBaseURL: stagingPublicBaseURL, gateway: 'staging', timeoutSeconds });
        new GatewayRoute(this, `Route-${model.name}-production`, { name: `${product.name}-production`, namespace, publicBaseURL: productionPublicBaseURL, gateway: 'production', timeoutSeconds });
      }
      new ProxyConfigPromote(this, `Promote-${model.name}`, {
        productCRName: product.name,
        namespace,
        productSpec: product.spec,
        backendSpecs: [backend.spec],
        production: gateway.promoteToProduction,
      });
      const applications = gateway.consumers.flatMap((consumer): ConsumerApplication[] => {
        const plan = consumer.products[model.name];
        const account = accounts.get(consumer.name);
        if (plan === undefined || account === undefined) return [];
        // The object name is also the 3scale application name, which zync gives the Keycloak client: unique per environment.
        const name = `${consumer.name}.${model.name}`;
        const application = new ThreescaleApplication(this, `Application-${consumer.name}-${model.name}`, {
          name,
          namespace,
          accountName: account.name,
          productName: product.name,
          applicationPlanName: plan,
          applicationName: name,
          description: `${consumer.organization} on ${product.name}`,
        });
        return [{ consumer: consumer.name, application: application.name, plan }];
      });
      return {
        model: model.name,
        product: product.name,
        stagingPublicBaseURL,
        productionPublicBaseURL,
        gatewayURL: gateway.promoteToProduction ? productionPublicBaseURL : stagingPublicBaseURL,
        gatewayRoute: selfManaged ? `${product.name}-${gateway.promoteToProduction ? 'production' : 'staging'}` : undefined,
        routeTimeoutSeconds: selfManaged ? upstreamTimeoutSeconds + UPSTREAM_CONNECT_TIMEOUT_SECONDS : undefined,
        calls: methods.map((m) => `${m.httpMethod} ${m.pattern}`),
        plans,
        applications,
      };
    });
  }
}
