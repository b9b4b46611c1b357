import { stringify } from 'yaml';
import type { Revision } from '../../lib/diff/compare';

/** A rendered revision from objects (written as YAML) or text, by path under dist/, and environment stages. */
export function revision(files: Record<string, object | string>, stages: Record<string, string> = {}): Revision {
  const tree = new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? content : stringify(content)]));
  return { tree, stages: new Map(Object.entries(stages)) };
}

/** A Namespace. */
export function namespace(name: string, labels: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

/** A 3scale Product with application plans shaped as the CRD: `limits[{period, value, metricMethodRef}]`. */
export function product(plans: Record<string, Array<{ period: string; value: number; metric?: string; backend?: string }>>) {
  const applicationPlans = Object.fromEntries(
    Object.entries(plans).map(([plan, limits]) => [
      plan,
      {
        name: plan,
        limits: limits.map((l) => ({
          period: l.period,
          value: l.value,
          metricMethodRef: { systemName: l.metric ?? 'hits', ...(l.backend ? { backend: l.backend } : {}) },
        })),
      },
    ]),
  );
  return {
    apiVersion: 'capabilities.3scale.net/v1beta1',
    kind: 'Product',
    metadata: { name: 'granite-chat', namespace: 'maas-3scale' },
    spec: { name: 'granite-chat', systemName: 'granite-chat', applicationPlans },
  };
}

/** A legacy (RH-SSO) KeycloakClient: `spec.client.redirectUris` and `webOrigins`. */
export function keycloakClient(redirectUris: string[], webOrigins: string[] = []) {
  return {
    apiVersion: 'keycloak.org/v1alpha1',
    kind: 'KeycloakClient',
    metadata: { name: 'chat-ui', namespace: 'maas-sso' },
    spec: { realmSelector: { matchLabels: { realm: 'maas' } }, client: { clientId: 'chat-ui', redirectUris, webOrigins } },
  };
}

/** A KeycloakRealmImport (RHBK) with clients in `spec.realm.clients`. */
export function realmImport(clients: Array<{ clientId: string; redirectUris?: string[]; webOrigins?: string[] }>) {
  return {
    apiVersion: 'k8s.keycloak.org/v2alpha1',
    kind: 'KeycloakRealmImport',
    metadata: { name: 'maas', namespace: 'maas-keycloak' },
    spec: { keycloakCRName: 'keycloak', realm: { realm: 'maas', enabled: true, clients } },
  };
}

/** A legacy KeycloakRealm. */
export function keycloakRealm() {
  return { apiVersion: 'keycloak.org/v1alpha1', kind: 'KeycloakRealm', metadata: { name: 'maas', namespace: 'maas-sso' }, spec: { realm: { realm: 'maas' } } };
}

/** A ProxyConfigPromote of the granite-chat Product. */
export function promote(production: boolean) {
  return {
    apiVersion: 'capabilities.3scale.net/v1beta1',
    kind: 'ProxyConfigPromote',
    metadata: { name: 'granite-chat', namespace: 'maas-3scale' },
    spec: { productCRName: 'granite-chat', production },
  };
}
