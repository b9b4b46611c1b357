import { Construct } from 'constructs';
import { Keycloak } from '../../imports/keycloak-keycloak-k8s.keycloak.org';
import { KeycloakPostgres } from './keycloak-postgres';

/** The database of a Keycloak instance. */
export interface KeycloakDatabase {
  /** @default 'postgres' */
  readonly vendor?: 'postgres' | 'mariadb' | 'mysql' | 'mssql' | 'oracle';
  /** Database host name. */
  readonly host: string;
  /** @default - the vendor's port */
  readonly port?: number;
  /** @default 'keycloak' */
  readonly database?: string;
  /** Secret (provided outside Git) with keys `username` and `password`. */
  readonly credentialsSecret: string;
}

/** Properties for `KeycloakInstance`. */
export interface KeycloakInstanceProps {
  /** Name of the Keycloak resource: the one rendered, or the existing one when `externalUrl` is set. */
  readonly name: string;
  /** Namespace the RHBK operator watches. */
  readonly namespace: string;
  /** Public host name of the instance; ignored with `externalUrl`. */
  readonly hostname: string;
  /**
   * Public URL of an existing Keycloak; when set, nothing is rendered and realm imports go to the existing
   * Keycloak resource `name`.
   *
   * @default - an instance is rendered
   */
  readonly externalUrl?: string;
  /** @default 1 */
  readonly instances?: number;
  /**
   * Secret with the certificate Keycloak serves; the Route passes TLS through.
   *
   * @default - the Route terminates TLS (edge) and Keycloak serves plain HTTP inside the cluster
   */
  readonly tlsSecret?: string;
  /**
   * An existing database. Either this or `postgres` is required for a rendered instance.
   *
   * @default - none: `postgres` must be set
   */
  readonly database?: KeycloakDatabase;
  /**
   * Render a small PostgreSQL for this instance (dev): image and volume size.
   *
   * @default - none: `database` must be set
   */
  readonly postgres?: { readonly image?: string; readonly storage?: string };
}

/** A Red Hat build of Keycloak instance (`k8s.keycloak.org/v2alpha1` Keycloak), or a reference to one. */
export class KeycloakInstance extends Construct {
  /** Name of the Keycloak resource that realm imports target. */
  public readonly name: string;
  /** Public base URL, e.g. `https://keycloak.apps.example.com`. */
  public readonly baseUrl: string;
  /** Whether a Keycloak resource is rendered (false when pointing at an existing Keycloak). */
  public readonly rendered: boolean;
  /** Secret the operator creates with the temporary admin's credentials (`username`, `password`). */
  public readonly initialAdminSecretName: string;

  constructor(scope: Construct, id: string, props: KeycloakInstanceProps) {
    super(scope, id);
    this.name = props.name;
    this.initialAdminSecretName = `${props.name}-initial-admin`;
    this.rendered = props.externalUrl === undefined;
    this.baseUrl = props.externalUrl?.replace(/\/+$/, '') ?? `https://${props.hostname}`;
    if (!this.rendered) return;

    // Without a database Keycloak runs on a dev-file database inside its pod, and the operator's realm import
    // (a Job from the same pod template, `kc.sh import`) writes to the Job pod's own copy: the realm never
    // reaches the server (keycloak/keycloak KeycloakRealmImportJobDependentResource.java@0429ece8).
    if (props.database === undefined && props.postgres === undefined) {
      throw new Error(`KeycloakInstance ${props.name}: a database is required; pass database (an existing one) or postgres (a small one rendered with it)`);
    }
    const postgres = props.postgres === undefined
      ? undefined
      : new KeycloakPostgres(this, 'Postgres', { name: `${props.name}-postgres`, namespace: props.namespace, ...props.postgres });
    const db: KeycloakDatabase = props.database
      ?? { vendor: 'postgres', host: postgres!.host, port: postgres!.port, database: postgres!.database, credentialsSecret: postgres!.credentialsSecret };
    new Keycloak(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        instances: props.instances ?? 1,
        hostname: { hostname: props.hostname },
        // OpenShift's router sets X-Forwarded-*; Keycloak needs them to build its public URLs.
        proxy: { headers: 'xforwarded' },
        http: props.tlsSecret === undefined ? { httpEnabled: true } : { tlsSecret: props.tlsSecret },
        ingress: {
          enabled: true,
          // OpenShift turns the operator's Ingress into a Route; this annotation chooses where TLS ends.
          annotations: { 'route.openshift.io/termination': props.tlsSecret === undefined ? 'edge' : 'passthrough' },
        },
        db: {
          vendor: db.vendor ?? 'postgres',
          host: db.host,
          port: db.port,
          database: db.database ?? 'keycloak',
          usernameSecret: { name: db.credentialsSecret, key: 'username' },
          passwordSecret: { name: db.credentialsSecret, key: 'password' },
        },
      },
    });
  }
}
