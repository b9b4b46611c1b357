import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { DEV_POSTGRES_IMAGE } from '../config/identity';
import { GeneratedSecret } from './generated-secret';

/** Properties for `KeycloakPostgres`. */
export interface KeycloakPostgresProps {
  /** Names the Deployment, Service and PVC (`<name>`) and the credentials Secret (`<name>-credentials`). */
  readonly name: string;
  /** Namespace of the Keycloak instance. */
  readonly namespace: string;
  /**
   * Image, pinned by digest.
   *
   * @default DEV_POSTGRES_IMAGE
   */
  readonly image?: string;
  /**
   * Size of the data volume.
   *
   * @default "1Gi"
   */
  readonly storage?: string;
}

/**
 * A small PostgreSQL for a dev Keycloak: one pod on a PVC, a Service, and credentials generated in the cluster
 * (External Secrets `Password` generator, written once; no secret in Git). Not for staging or prod: one pod,
 * no backups. The image's own variables create the user and database on first start
 * (`POSTGRESQL_USER`, `POSTGRESQL_PASSWORD`, `POSTGRESQL_DATABASE`; data in `/var/lib/pgsql/data`).
 */
export class KeycloakPostgres extends Construct {
  /** Service name: the host Keycloak connects to (same namespace). */
  public readonly host: string;
  /** PostgreSQL port. */
  public readonly port = 5432;
  /** Database name. */
  public readonly database = 'keycloak';
  /** Secret with keys `username` and `password`. */
  public readonly credentialsSecret: string;

  constructor(scope: Construct, id: string, props: KeycloakPostgresProps) {
    super(scope, id);
    const image = props.image ?? DEV_POSTGRES_IMAGE;
    const storage = props.storage ?? '1Gi';
    const labels = { 'app.kubernetes.io/name': 'postgresql', 'app.kubernetes.io/instance': props.name, 'app.kubernetes.io/part-of': 'keycloak' };
    this.host = props.name;

    const credentials = new GeneratedSecret(this, 'Credentials', {
      name: `${props.name}-credentials`,
      namespace: props.namespace,
      key: 'password',
      literals: { username: 'keycloak' },
    });
    this.credentialsSecret = credentials.secretName;
    const fromSecret = (key: string) => ({ valueFrom: { secretKeyRef: { name: credentials.secretName, key } } });

    new k8s.KubePersistentVolumeClaim(this, 'Data', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: k8s.Quantity.fromString(storage) } } },
    });
    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: {
        replicas: 1,
        // One pod owns the volume: the old one stops before the new one starts.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [{
              name: 'postgresql',
              image,
              ports: [{ name: 'postgresql', containerPort: this.port }],
              env: [
                { name: 'POSTGRESQL_USER', ...fromSecret('username') },
                { name: 'POSTGRESQL_PASSWORD', ...fromSecret('password') },
                { name: 'POSTGRESQL_DATABASE', value: this.database },
              ],
              readinessProbe: { exec: { command: ['/usr/libexec/check-container'] }, initialDelaySeconds: 5, periodSeconds: 10 },
              resources: {
                requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('256Mi') },
                limits: { memory: k8s.Quantity.fromString('512Mi') },
              },
              securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'data', mountPath: '/var/lib/pgsql/data' }],
            }],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: props.name } }],
          },
        },
      },
    });
    new k8s.KubeService(this, 'Service', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { selector: labels, ports: [{ name: 'postgresql', port: this.port, targetPort: k8s.IntOrString.fromNumber(this.port) }] },
    });
  }
}
