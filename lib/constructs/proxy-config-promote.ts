import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { ProxyConfigPromote as ProxyConfigPromoteResource } from '../../imports/threescale-proxyconfigpromote-capabilities.3scale.net';

/** Properties for `ProxyConfigPromote`. */
export interface ProxyConfigPromoteProps {
  /** `metadata.name` of the Product to promote. */
  readonly productCRName: string;
  /** Namespace of the Product. */
  readonly namespace: string;
  /** The Product's rendered `spec`; its hash names this object, so that each change is promoted once. */
  readonly productSpec: unknown;
  /**
   * Promote to production as well as staging.
   *
   * @default false
   */
  readonly production?: boolean;
}

/**
 * A one-off promotion of a Product's configuration. The operator promotes once per object; naming the object
 * after a hash of the Product's spec makes Argo CD create a new one exactly when the spec changes, and keeps
 * the same one (already done, nothing to do) while it does not.
 */
export class ProxyConfigPromote extends Construct {
  /** `metadata.name`: `<product>-<first 10 hex digits of the spec's sha256>`. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ProxyConfigPromoteProps) {
    super(scope, id);
    const production = props.production ?? false;
    this.name = `${props.productCRName}-${specHash(props.productSpec)}`;

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
