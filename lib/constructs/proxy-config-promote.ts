import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { ProxyConfigPromote as ProxyConfigPromoteResource } from '../../imports/threescale-proxyconfigpromote-capabilities.3scale.net';

/** Properties for `ProxyConfigPromote`. */
export interface ProxyConfigPromoteProps {
  /** `metadata.name` of the Product to promote. */
  readonly productCRName: string;
  /** Namespace of the Product. */
  readonly namespace: string;
  /**
   * The Product's rendered `spec`. Only what changes its proxy configuration is hashed into this object's name
   * (`proxyConfigurationInput`), so that each such change is promoted once.
   */
  readonly productSpec: Readonly<Record<string, unknown>>;
  /**
   * The rendered `spec` of each Backend the Product uses: their private URLs and mapping rules are part of the
   * Product's proxy configuration too.
   *
   * @default none
   */
  readonly backendSpecs?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /**
   * Promote to production as well as staging.
   *
   * @default false
   */
  readonly production?: boolean;
}

/** The Product `spec` fields that make up its proxy configuration: APIcast's deployment and authentication (the OIDC issuer included), mapping rules, policies, backend usages, and the metrics and methods mapping rules count. */
export const PRODUCT_PROXY_FIELDS = ['deployment', 'mappingRules', 'policies', 'backendUsages', 'metrics', 'methods'] as const;
/** The Backend `spec` fields that are part of the proxy configuration of the Products using it. */
export const BACKEND_PROXY_FIELDS = ['privateBaseURL', 'mappingRules', 'metrics', 'methods'] as const;

/**
 * What a promotion promotes: the proxy-relevant fields of the Product and of its Backends, nothing else.
 * Application plans, limits, prices, names and descriptions are not part of the proxy configuration: a change
 * to them alone creates no new configuration version, and a promotion would end "no product changes detected"
 * (3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA).
 * A field added under one of these keys (e.g. the OIDC issuer under `deployment`) is included by construction.
 */
export function proxyConfigurationInput(
  productSpec: Readonly<Record<string, unknown>>,
  backendSpecs: ReadonlyArray<Readonly<Record<string, unknown>>> = [],
): Record<string, unknown> {
  const pick = (spec: Readonly<Record<string, unknown>>, fields: readonly string[]) =>
    Object.fromEntries(fields.filter((f) => spec[f] !== undefined).map((f) => [f, spec[f]]));
  return {
    product: pick(productSpec, PRODUCT_PROXY_FIELDS),
    backends: backendSpecs.map((spec) => pick(spec, BACKEND_PROXY_FIELDS)),
  };
}

/**
 * A one-off promotion of a Product's configuration. The operator promotes once per object; naming the object
 * after a hash of the proxy configuration (`proxyConfigurationInput`) makes Argo CD create a new one exactly
 * when that configuration changes, and keeps the same one (already done, nothing to do) while it does not.
 */
export class ProxyConfigPromote extends Construct {
  /** `metadata.name`: `<product>-<first 10 hex digits of the sha256 of the proxy configuration>`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ProxyConfigPromoteProps) {
    super(scope, id);
    const production = props.production ?? false;
    this.name = `${props.productCRName}-${specHash(proxyConfigurationInput(props.productSpec, props.backendSpecs))}`;

    new ProxyConfigPromoteResource(this, 'Resource', {
      metadata: {
        name: this.name,
        namespace: props.namespace,
        // After the Product (wave 0): promoting before the operator has synced the change would promote the old one.
        annotations: { 'argocd.argoproj.io/sync-wave': '1' },
      },
      spec: {
        productCrName: props.productCRName,
        production,
        // Kept after success: deleting it would make Argo CD create it again and promote again.
        deleteCr: false,
      },
    });
  }
}

/** First 10 hex digits of the sha256 of a value's canonical JSON (object keys sorted at every level). */
export function specHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 10);
}

/** JSON with object keys sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
