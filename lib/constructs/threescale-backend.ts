import { Construct } from 'constructs';
import { Backend, type BackendSpecMappingRulesHttpMethod } from '../../imports/threescale-backend-capabilities.3scale.net';
import type { BuiltInMethod } from '../config/gateway';
import { HITS_METRIC } from '../config/gateway';

/** Properties for `ThreescaleBackend`. */
export interface ThreescaleBackendProps {
  /** Object name and 3scale system name; Products refer to the Backend by it. Treat as stable. */
  readonly name: string;
  /** Namespace the 3scale operator watches. */
  readonly namespace: string;
  /**
   * Name shown in the 3scale Admin Portal.
   *
   * @default - `name`
   */
  readonly friendlyName?: string;
  /** URL APIcast forwards calls to (the model's in-cluster URL). */
  readonly privateBaseURL: string;
  /** The calls the model answers; each becomes a method and a mapping rule. */
  readonly methods: readonly BuiltInMethod[];
  /** Secret with the tenant's `adminURL` and `token`. */
  readonly providerAccountSecretName: string;
}

/** A 3scale Backend: where APIcast sends a model's calls, and the calls it counts there. */
export class ThreescaleBackend extends Construct {
  /** 3scale system name; the key of a Product's `backendUsages`. */
  public readonly systemName: string;
  /** The spec as rendered; part of the proxy configuration a promotion promotes. */
  public readonly spec: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: ThreescaleBackendProps) {
    super(scope, id);
    const friendlyName = props.friendlyName ?? props.name;
    this.systemName = props.name;

    const backend = new Backend(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        name: friendlyName,
        // Set explicitly: the operator writes its own default back otherwise, and Argo CD would show drift.
        systemName: this.systemName,
        privateBaseUrl: props.privateBaseURL,
        // `hits` is added by the operator when missing; rendered so that live equals Git.
        metrics: { [HITS_METRIC]: { friendlyName: 'Hits', unit: 'hit', description: 'Number of API hits' } },
        methods: Object.fromEntries(props.methods.map((m) => [m.systemName, { friendlyName: m.friendlyName }])),
        mappingRules: props.methods.map((m) => ({
          httpMethod: m.httpMethod as BackendSpecMappingRulesHttpMethod,
          pattern: m.pattern,
          metricMethodRef: m.systemName,
          increment: 1,
        })),
        providerAccountRef: { name: props.providerAccountSecretName },
      },
    });
    this.spec = (backend.toJson() as { spec: Record<string, unknown> }).spec;
  }
}
