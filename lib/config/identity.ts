import { z } from 'zod';
import { operatorSubscription } from './operator';
import { dnsLabel, dnsSubdomain, httpsUrl, int32 } from './primitives';
import { show } from './show';

/**
 * A realm role, group, client scope or user name: Keycloak accepts almost anything, but these names end up in
 * token claims and in 3scale mapping rules, so they are kept to letters, digits, ".", "_" and "-".
 */
const keycloakName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
  error: (issue) =>
    `${show(issue.input)} is not a Keycloak name here: use letters, digits, ".", "_" and "-", ` +
    'start with a letter or digit, at most 64 characters',
});

/** The PostgreSQL image of a dev Keycloak database: Red Hat's PostgreSQL 15 on RHEL 9, pinned by digest. */
export const DEV_POSTGRES_IMAGE =
  'registry.redhat.io/rhel9/postgresql-15@sha256:90ec347a35ab8a5d530c8d09f5347b13cc71df04f3b994bfa8b1a409b1171d59';

/** A length of time in seconds, as Keycloak's realm settings take it. */
const seconds = int32().positive();

/** A realm role. */
export const realmRole = z.strictObject({
  /** Role name; appears in the `realm_access.roles` claim of tokens. */
  name: keycloakName,
  /** Shown in the admin console. */
  description: z.string().min(1).optional(),
});

/** A group of users sharing realm roles. Not available on `rhsso` (the legacy KeycloakRealm has no groups). */
export const realmGroup = z.strictObject({
  /** Group name. */
  name: keycloakName,
  /** Realm roles every member gets; each must be declared in `realm.roles`. */
  realmRoles: z.array(keycloakName).default([]),
});

/** A client scope API clients can request. */
export const clientScope = z.strictObject({
  /** Scope name; appears in the `scope` claim of tokens that carry it. */
  name: keycloakName,
  /** Shown in the admin console. */
  description: z.string().min(1).optional(),
});

/** A user declared in Git (no credentials: a person sets them through "forgot password" or an admin). */
export const realmUser = z.strictObject({
  /** Login name. */
  username: keycloakName,
  /** Email address. */
  email: z.email({ error: (issue) => `${show(issue.input)} is not an email address` }).optional(),
  /** Given name. */
  firstName: z.string().min(1).optional(),
  /** Family name. */
  lastName: z.string().min(1).optional(),
  /** Realm roles; each must be declared in `realm.roles`. */
  realmRoles: z.array(keycloakName).default([]),
  /** Groups; each must be declared in `realm.groups`. */
  groups: z.array(keycloakName).default([]),
});

/** Where Keycloak runs: an instance rendered here, or an existing one. */
export const keycloakInstance = z.strictObject({
  /**
   * Name of the Keycloak custom resource: the one rendered here, or, with `externalUrl`, the existing one
   * the realm is attached to (RH-SSO: an unmanaged Keycloak resource pointing at `externalUrl` is rendered
   * under this name; RHBK: a Keycloak resource of that name must already exist in the operator namespace).
   */
  name: dnsLabel.default('keycloak'),
  /** Public URL of an existing Keycloak (RH-SSO: with `/auth`); when set, no Keycloak instance is rendered. */
  externalUrl: httpsUrl.optional(),
  /** Number of Keycloak pods of a rendered instance. @default 1 */
  instances: z.int().min(1).optional(),
  /**
   * RHBK only: Secret (type `kubernetes.io/tls`, provided outside Git) with the certificate Keycloak serves;
   * the Route then passes TLS through. Without it the Route terminates TLS (edge) and Keycloak serves HTTP
   * inside the cluster.
   */
  tlsSecret: dnsSubdomain.optional(),
  /**
   * RHBK only: an existing database (this, or `postgres` in dev, is required). The operator's realm import is
   * a Job that writes to this database; without one the realm is imported into a throwaway copy and never
   * exists. RH-SSO deploys its own PostgreSQL.
   */
  database: z
    .strictObject({
      /** Database vendor, as Keycloak's `db` option names it. */
      vendor: z.enum(['postgres', 'mariadb', 'mysql', 'mssql', 'oracle']).default('postgres'),
      /** Database host name. */
      host: dnsSubdomain,
      /** Database port. @default - the vendor's port */
      port: z.int().min(1).max(65535).optional(),
      /** Database name. */
      database: z.string().min(1).default('keycloak'),
      /** Secret (provided outside Git) with keys `username` and `password`. */
      credentialsSecret: dnsSubdomain,
    })
    .optional(),
  /**
   * RHBK, dev only: render a small PostgreSQL (one pod, a PVC, credentials generated in the cluster) next to
   * Keycloak, instead of `database`. Write `postgres: {}` for the defaults.
   */
  postgres: z
    .strictObject({
      /** PostgreSQL image, pinned by digest. @default Red Hat's rhel9/postgresql-15 at a pinned digest */
      image: z.string().min(1).default(DEV_POSTGRES_IMAGE),
      /** Size of its volume, e.g. `1Gi`. */
      storage: z.string().regex(/^[1-9][0-9]*(Mi|Gi|Ti)$/, {
        error: (issue) => `${show(issue.input)} is not a volume size; write a whole number of Mi, Gi or Ti, e.g. "1Gi"`,
      }).default('1Gi'),
    })
    .optional(),
});

/**
 * The identity provider: Keycloak, its operator and the realm API consumers get tokens from (design step 1).
 * The consumers themselves are declared under `gateway.consumers`.
 */
export const identity = z.strictObject({
  /**
   * Which Keycloak operator manages the realm: `rhbk` (Red Hat build of Keycloak, `k8s.keycloak.org/v2alpha1`)
   * or `rhsso` (RH-SSO / legacy Keycloak operator, `keycloak.org/v1alpha1`).
   */
  generation: z.enum(['rhbk', 'rhsso']),
  /** The Keycloak operator installed through OLM. */
  operator: operatorSubscription,
  /**
   * Public host name of a Keycloak instance rendered here (RHBK only: the RH-SSO operator names its Route).
   *
   * @default `keycloak-<operator namespace>.<cluster.appsDomain>`
   */
  hostname: dnsSubdomain.optional(),
  /** The Keycloak instance, or the existing Keycloak to use. */
  keycloak: keycloakInstance.prefault({}),
  /** The realm API consumers get tokens from. */
  realm: z
    .strictObject({
      /** Realm name; part of every token's issuer URL. */
      name: dnsLabel.default('ai-realm'),
      /** Name shown on the login page. @default the realm name */
      displayName: z.string().min(1).optional(),
      /** Lifetime of an access token, in seconds. */
      accessTokenLifespan: seconds.default(300),
      /** RHBK only: seconds a login session may stay idle. @default Keycloak's (1800) */
      ssoSessionIdleTimeout: seconds.optional(),
      /** RHBK only: maximum seconds of a login session. @default Keycloak's (36000) */
      ssoSessionMaxLifespan: seconds.optional(),
      /** Realm roles. */
      roles: z.array(realmRole).default([]),
      /** Groups (RHBK only). */
      groups: z.array(realmGroup).default([]),
      /**
       * Client scopes for finer claims. Declaring any makes Keycloak skip its built-in scopes (`basic`,
       * `profile`, `email`, `roles`, `web-origins`, `acr`) when it creates the realm, and tokens without the
       * `basic` scope carry no `sub`, which the gateway requires: the loader refuses them (docs/identity.md).
       */
      clientScopes: z.array(clientScope).default([]),
      /** Users declared in Git, without credentials. */
      users: z.array(realmUser).default([]),
    })
    .prefault({}),
  /**
   * The client 3scale (zync) uses to create, update and delete the API consumers' clients in the realm: the
   * realm declares no consumer client, zync is their only writer (docs/gateway.md, *Consumers*).
   */
  gatewayClient: z
    .strictObject({
      /** Client id. */
      clientId: dnsLabel.default('3scale-zync'),
    })
    .prefault({}),
});

/** The identity section as loaded, defaults applied. */
export type Identity = z.output<typeof identity>;
