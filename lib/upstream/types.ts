/**
 * Facts about the systems this project renders for: what their controllers create, name, serve and report,
 * and what a pinned version accepts. Argo CD's `resource_customizations/` is the model: one row per fact, each
 * citing the upstream file it was read from, at the version an environment pins. Constructs, rules, the
 * validator's cluster model and tests read these tables; none of them restates a fact.
 */

/** Where a fact was read: `<owner>/<repo> <path>@<tag or commit>`, e.g. `argoproj/argo-cd util/argo/argo.go@v2.13.9`. */
export type Source = string;

/** The shape every `Source` must have; `test/upstream/tables.test.ts` checks every row against it. */
export const SOURCE_PATTERN = /^[\w.-]+\/[\w.-]+ \S+@\S+$/;

/** A rendered or created object, as much as the cluster model needs of it. */
export interface ObjectRef {
  /** `<group>/<Kind>`, `core` for the core group (as in `lib/charts/sync-policy.ts`). */
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  /**
   * For objects a controller reads: present when the object is provided outside the render by the platform
   * (e.g. the 3scale tenant Secret); says by whom. The cluster model assumes it exists and lists it.
   */
  readonly prerequisite?: string;
}

/** A port a created Service or container serves. */
export interface ServedPort {
  readonly name?: string;
  readonly port: number;
  /** Container port the Service forwards to; equals `port` when absent. */
  readonly targetPort?: number;
  /** What is spoken on the port. */
  readonly scheme: 'http' | 'https' | 'grpc' | 'h2c' | 'istio-mutual';
}

/** One object a controller creates when it reconciles an object of its kind. */
export interface CreatedObject extends ObjectRef {
  /** Secret keys it writes (for Secrets). */
  readonly secretKeys?: readonly string[];
  /** For Services: headless (`clusterIP: None`, clients connect to pod IPs on the port they ask for) and ports. */
  readonly service?: { readonly headless: boolean; readonly ports: readonly ServedPort[] };
  /** For Routes: host and TLS termination. */
  readonly route?: { readonly host: string; readonly tls?: 'edge' | 'reencrypt' | 'passthrough' };
  /** When it appears: as soon as the object is reconciled, or only once the object reports ready. */
  readonly when: 'reconciled' | 'ready';
  /** For pods a workload creates (and NetworkPolicies select): their labels and the ports their containers listen on. */
  readonly pods?: { readonly labels: Readonly<Record<string, string>>; readonly ports: readonly ServedPort[] };
  /** For NetworkPolicies a controller adds: the spec it writes. */
  readonly networkPolicy?: Record<string, unknown>;
  /** Only mesh clients (Istio sidecar) can connect: ISTIO_MUTUAL on the gateway behind the name. */
  readonly meshOnly?: boolean;
}

/** What a controller sees during an update sync: an object as it was before the sync and as it is now. */
export interface EffectContext {
  readonly previous: (ref: ObjectRef) => Manifest | undefined;
  readonly current: (ref: ObjectRef) => Manifest | undefined;
}

/** A rendered object as the tables read it (a parsed manifest). */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly spec?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** What a controller does with an object of one kind. */
export interface ControllerEffect {
  /** `<group>/<Kind>` of the reconciled object. */
  readonly kind: string;
  /** Operator or controller, e.g. `3scale-operator`. */
  readonly controller: string;
  /** Objects it must find before it can become ready (Secrets it reads, the Keycloak it talks to, ...). */
  readonly reads: (object: Manifest) => readonly ObjectRef[];
  /**
   * Of the objects it `reads`, those it reads while reconciling but does not watch: a change there reaches the
   * controller only when the object itself changes. @default none
   */
  readonly unwatchedReads?: (object: Manifest) => readonly ObjectRef[];
  /** Objects it creates. */
  readonly creates: (object: Manifest) => readonly CreatedObject[];
  /**
   * The statuses it writes, in order, from "no status yet" to ready; health checks are tested against these.
   * The last one is the steady state once everything it `reads` exists.
   */
  readonly statuses: (object: Manifest, context?: EffectContext) => readonly Record<string, unknown>[];
  /**
   * The status it shows while something it `reads` is missing (e.g. ExternalSecret: Ready False,
   * SecretSyncedError). @default the status before the last of `statuses`
   */
  readonly waiting?: (object: Manifest) => Record<string, unknown>;
  /** Every upstream file the row was read from. */
  readonly sources: readonly Source[];
}
