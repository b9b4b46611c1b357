import { Construct } from 'constructs';
import { Keycloak } from '../../imports/keycloak-legacy-keycloak-keycloak.org';

/** Properties for `LegacyKeycloak`. */
export interface LegacyKeycloakProps {
  /** Name of the Keycloak resource; its label selects it for KeycloakRealms. */
  readonly name: string;
  /** Namespace the RH-SSO operator watches. */
  readonly namespace: string;
  /** The cluster's apps domain: the operator's Route is `keycloak-<namespace>.<appsDomain>`. */
  readonly appsDomain: string;
  /**
   * Public URL of an existing RH-SSO/Keycloak, with its context root (usually `/auth`). When set, an
   * unmanaged Keycloak resource pointing at it is rendered instead of an instance; the operator then reads
   * admin credentials from the Secret `credential-<name>`, provided outside Git.
   *
   * @default - an instance is rendered
   */
  readonly externalUrl?: string;
  /** @default 1 */
  readonly instances?: number;
}

/**
 * An RH-SSO instance (`keycloak.org/v1alpha1` Keycloak, the legacy operator), or an unmanaged Keycloak
 * resource that points the operator at an existing one. Either way KeycloakRealms select it by label.
 */
export class LegacyKeycloak extends Construct {
  /** Name of the Keycloak resource. */
  public readonly name: string;
  /** Labels on the Keycloak resource; a KeycloakRealm's `instanceSelector.matchLabels`. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** Public base URL including the `/auth` context root, e.g. `https://keycloak-sso.apps.example.com/auth`. */
  public readonly baseUrl: string;
  /** Whether an instance is deployed (false: an unmanaged resource pointing at `externalUrl`). */
  public readonly managed: boolean;
  /** Secret with the admin credentials (`ADMIN_USERNAME`, `ADMIN_PASSWORD`): written by the operator when managed. */
  public readonly adminSecretName: string;

  constructor(scope: Construct, id: string, props: LegacyKeycloakProps) {
    super(scope, id);
    this.name = props.name;
    this.selectorLabels = { app: props.name };
    this.adminSecretName = `credential-${props.name}`;
    this.managed = props.externalUrl === undefined;

    if (props.externalUrl === undefined) {
      // The operator names its Route `keycloak`; OpenShift gives it `<route>-<namespace>.<appsDomain>`.
      this.baseUrl = `https://keycloak-${props.namespace}.${props.appsDomain}/auth`;
      new Keycloak(this, 'Resource', {
        metadata: { name: props.name, namespace: props.namespace, labels: { ...this.selectorLabels } },
        spec: { instances: props.instances ?? 1, externalAccess: { enabled: true } },
      });
      return;
    }

    const url = new URL(props.externalUrl);
    const contextRoot = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    this.baseUrl = `${url.origin}${contextRoot.replace(/\/+$/, '')}`;
    new Keycloak(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...this.selectorLabels } },
      spec: { unmanaged: true, external: { enabled: true, url: url.origin, contextRoot } },
    });
  }
}
