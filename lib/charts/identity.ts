import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Identity } from '../config/identity';
import { KeycloakInstance } from '../constructs/keycloak-instance';
import { GeneratedSecret } from '../constructs/generated-secret';
import { CLIENT_SECRET_KEY, confidentialClient, ZYNC_REALM_MANAGEMENT_ROLES, type RealmContent } from '../constructs/keycloak-representations';
import { LegacyClient } from '../constructs/legacy-client';
import { LegacyKeycloak } from '../constructs/legacy-keycloak';
import { LegacyRealm } from '../constructs/legacy-realm';
import { LegacyUser } from '../constructs/legacy-user';
import { OperatorInstall } from '../constructs/operator-install';
import { RealmImport } from '../constructs/realm-import';
import type { IdentityOutputs } from './outputs';

/** Properties for `IdentityChart`. */
export interface IdentityChartProps {
  /** The environment's identity section. */
  readonly identity: Identity;
  /** The cluster's apps domain, for the default Keycloak host name. */
  readonly appsDomain: string;
}

/**
 * Keycloak for API consumers (design step 1): the operator, Keycloak (or a pointer to an existing one), the
 * realm and the client the gateway (3scale zync) uses. The realm declares no consumer client: zync creates
 * one per 3scale application and is its only writer (docs/gateway.md, *Consumers*).
 */
export class IdentityChart extends Chart {
  /** Names and URLs the gateway needs. */
  public readonly outputs: IdentityOutputs;

  constructor(scope: Construct, id: string, props: IdentityChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { identity } = props;
    const operator = new OperatorInstall(this, 'Operator', identity.operator);
    const namespace = operator.namespace;
    const { realm, gatewayClient } = identity;

    const realmContent: RealmContent = {
      name: realm.name,
      displayName: realm.displayName,
      accessTokenLifespan: realm.accessTokenLifespan,
      ssoSessionIdleTimeout: realm.ssoSessionIdleTimeout,
      ssoSessionMaxLifespan: realm.ssoSessionMaxLifespan,
      roles: realm.roles,
      clientScopes: realm.clientScopes,
    };
    // zync only calls the admin API with its service account: no browser flow, no audience needed.
    const gateway = confidentialClient({ clientId: gatewayClient.clientId });
    const gatewayRoles = { clientRoles: { 'realm-management': ZYNC_REALM_MANAGEMENT_ROLES } };

    const common = {
      generation: identity.generation,
      namespace,
      realm: realm.name,
    };

    if (identity.generation === 'rhbk') {
      const keycloak = new KeycloakInstance(this, 'Keycloak', {
        ...identity.keycloak,
        namespace,
        hostname: identity.hostname ?? `keycloak-${namespace}.${props.appsDomain}`,
      });
      const realmImport = new RealmImport(this, 'Realm', {
        ...realmContent,
        namespace,
        keycloakName: keycloak.name,
        baseUrl: keycloak.baseUrl,
        groups: realm.groups,
        users: realm.users,
        clients: [{ client: gateway, serviceAccountRoles: gatewayRoles }],
      });
      // The operator fills the client's secret placeholder from this Secret, generated in the cluster.
      const gatewaySecret = new GeneratedSecret(this, 'GatewayClientSecret', {
        name: realmImport.clientSecretNames[gateway.clientId],
        namespace,
        key: CLIENT_SECRET_KEY,
        literals: { CLIENT_ID: gateway.clientId },
      });
      this.outputs = {
        ...common,
        baseUrl: keycloak.baseUrl,
        issuerUrl: realmImport.issuerUrl,
        tokenUrl: realmImport.tokenUrl,
        gatewayClientId: gateway.clientId,
        gatewayClientSecretName: gatewaySecret.secretName,
        // The RHBK operator's Service `<name>-service` serves HTTP on 8080 when Keycloak has no TLS Secret.
        inClusterJwks: identity.keycloak.externalUrl === undefined && identity.keycloak.tlsSecret === undefined
          ? { url: `http://${keycloak.name}-service.${namespace}.svc:8080/realms/${realm.name}/protocol/openid-connect/certs`, tls: 'none' }
          : undefined,
      };
      return;
    }

    const keycloak = new LegacyKeycloak(this, 'Keycloak', {
      name: identity.keycloak.name,
      namespace,
      appsDomain: props.appsDomain,
      externalUrl: identity.keycloak.externalUrl,
      instances: identity.keycloak.instances,
    });
    const legacyRealm = new LegacyRealm(this, 'Realm', {
      ...realmContent,
      namespace,
      instanceSelector: keycloak.selectorLabels,
      baseUrl: keycloak.baseUrl,
    });
    const realmSelector = legacyRealm.selectorLabels;
    const gatewayCr = new LegacyClient(this, 'GatewayClient', {
      namespace,
      realmSelector,
      client: gateway,
      serviceAccountRoles: gatewayRoles,
    });
    for (const user of realm.users) {
      new LegacyUser(this, `User-${user.username}`, { ...user, namespace, realm: realm.name, realmSelector });
    }
    this.outputs = {
      ...common,
      baseUrl: keycloak.baseUrl,
      issuerUrl: legacyRealm.issuerUrl,
      tokenUrl: legacyRealm.tokenUrl,
      gatewayClientId: gatewayCr.clientId,
      gatewayClientSecretName: gatewayCr.secretName,
      // RH-SSO's Service `keycloak` serves HTTPS on 8443 with a service CA certificate
      // (keycloak/keycloak-operator pkg/model/keycloak_service.go@4b9abfb2922643cd6eb847fa7dacbba6bd9e2c81).
      inClusterJwks: keycloak.managed
        ? { url: `https://keycloak.${namespace}.svc:8443/auth/realms/${realm.name}/protocol/openid-connect/certs`, tls: 'service-ca' }
        : undefined,
    };
  }
}
