import { k8s } from '../k8s';
import { Construct } from 'constructs';
import { IN_CLUSTER_SCRIPT } from '../smoke/in-cluster-script';
import type { SmokePlan } from '../smoke/plan';
import { CA_INJECTION } from '../upstream/controller-effects';

/** Properties for `SmokeJob`. */
export interface SmokeJobProps {
  /** Namespace of the Job: the namespace of the credentials Secret (a Pod can read Secrets of its own namespace only). */
  readonly namespace: string;
  /** What to check; rendered into the ConfigMap as `plan.json`. */
  readonly plan: SmokePlan;
  /** Container image with Node.js 20 or later, pinned by digest. */
  readonly image: string;
  /** Secret holding the credentials the check uses. */
  readonly clientSecretName: string;
  /**
   * What the Secret holds: `consumer`, the credentials of a consumer's client (`MAAS_CLIENT_ID`,
   * `MAAS_CLIENT_SECRET`), or `lookup`, those of a client that may read the realm's clients, with which the
   * check finds each application's client (`MAAS_LOOKUP_CLIENT_ID`, `MAAS_LOOKUP_CLIENT_SECRET`).
   *
   * @default 'consumer'
   */
  readonly credentials?: 'consumer' | 'lookup';
  /**
   * Key of the client id in the Secret.
   *
   * @default 'CLIENT_ID' (the key the Keycloak operator writes)
   */
  readonly clientIdKey?: string;
  /**
   * Key of the client secret in the Secret.
   *
   * @default 'CLIENT_SECRET' (the key the Keycloak operator writes)
   */
  readonly clientSecretKey?: string;
  /**
   * Name of the Job and its ConfigMap.
   *
   * @default 'maas-smoke'
   */
  readonly name?: string;
  /**
   * Time allowed for each HTTP request, in seconds.
   *
   * @default 10
   */
  readonly timeoutSeconds?: number;
  /**
   * Retries of a failed check before the hook, and so the sync, is reported failed. Right after a sync the
   * gateway may still be loading its new configuration.
   *
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * How long a finished Job (and its log) is kept. A succeeded Job is deleted by Argo CD at once
   * (`HookSucceeded`); this keeps a failed one readable for a day.
   *
   * @default 86400
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Time allowed for the Job, retries included, in seconds: a hung check must not hold the sync.
   *
   * @default 600
   */
  readonly activeDeadlineSeconds?: number;
}

/** The mount path of the ConfigMap in the container. */
const MOUNT = '/etc/maas-smoke';
/** The mount path of the cluster's trusted CA bundle. */
const CA_MOUNT = '/etc/maas-smoke-ca';

/**
 * The smoke check as an Argo CD PostSync hook: a ConfigMap with the plan and the script, and a Job that runs
 * them after every sync with the API client's credentials from its Secret (as environment variables, never
 * on the command line). A failing check fails the sync in Argo CD.
 */
export class SmokeJob extends Construct {
  /** Name of the Job (and of its ConfigMap). */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SmokeJobProps) {
    super(scope, id);
    const name = props.name ?? 'maas-smoke';
    const timeoutSeconds = props.timeoutSeconds ?? 10;
    const backoffLimit = props.backoffLimit ?? 2;
    const ttlSecondsAfterFinished = props.ttlSecondsAfterFinished ?? 86400;
    const activeDeadlineSeconds = props.activeDeadlineSeconds ?? 600;
    const clientIdKey = props.clientIdKey ?? 'CLIENT_ID';
    const clientSecretKey = props.clientSecretKey ?? 'CLIENT_SECRET';
    const prefix = (props.credentials ?? 'consumer') === 'lookup' ? 'MAAS_LOOKUP_CLIENT' : 'MAAS_CLIENT';
    this.name = name;

    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'maas' };
    new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name, namespace: props.namespace, labels },
      data: { 'plan.json': JSON.stringify(props.plan, null, 2) + '\n', 'smoke.mjs': IN_CLUSTER_SCRIPT },
    });

    // The cluster's trusted CA bundle (proxy trustedCA plus the system CAs), injected by OpenShift's network
    // operator as `ca-bundle.crt` into a ConfigMap with this label: Node trusts only its own CA store otherwise,
    // and refuses the gateway's and Keycloak's certificates on clusters with a private CA.
    const caName = `${name}-trusted-ca`;
    new k8s.KubeConfigMap(this, 'TrustedCA', {
      metadata: { name: caName, namespace: props.namespace, labels: { ...labels, [CA_INJECTION.trustedBundle.label]: 'true' } },
    });

    const secretEnv = (envName: string, key: string): k8s.EnvVar => ({
      name: envName,
      valueFrom: { secretKeyRef: { name: props.clientSecretName, key } },
    });
    new k8s.KubeJob(this, 'Job', {
      metadata: {
        name,
        namespace: props.namespace,
        labels,
        annotations: {
          'argocd.argoproj.io/hook': 'PostSync',
          // Replace the previous run's Job before creating this one; delete a succeeded one at once.
          'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded',
        },
      },
      spec: {
        backoffLimit,
        ttlSecondsAfterFinished,
        activeDeadlineSeconds,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            // The check talks to Keycloak and the gateway only, never to the Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'smoke',
                image: props.image,
                command: ['node', `${MOUNT}/smoke.mjs`, `${MOUNT}/plan.json`],
                env: [
                  secretEnv(`${prefix}_ID`, clientIdKey),
                  secretEnv(`${prefix}_SECRET`, clientSecretKey),
                  { name: 'SMOKE_TIMEOUT_SECONDS', value: String(timeoutSeconds) },
                  // Node adds these CAs to its own for every TLS connection.
                  { name: 'NODE_EXTRA_CA_CERTS', value: `${CA_MOUNT}/${CA_INJECTION.trustedBundle.key}` },
                ],
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
                  limits: { cpu: k8s.Quantity.fromString('500m'), memory: k8s.Quantity.fromString('128Mi') },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [
                  { name: 'smoke', mountPath: MOUNT, readOnly: true },
                  { name: 'trusted-ca', mountPath: CA_MOUNT, readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'smoke', configMap: { name } },
              { name: 'trusted-ca', configMap: { name: caName } },
            ],
          },
        },
      },
    });
  }
}
