import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SYNC_OPTIONS, SYNC_WAVE } from '../../lib/charts/sync-policy';
import { loadEnvironments } from '../../lib/config/load';
import { renderedObjects, ROOT } from '../helpers';

const BUILT_IN = /^(v1|(apps|batch|policy|autoscaling|networking\.k8s\.io|rbac\.authorization\.k8s\.io)\/)/;
const objects = renderedObjects();
const synced = objects.filter((o) => o.chart !== 'argocd');
const argocd = objects.filter((o) => o.chart === 'argocd');

describe('every synced object in every environment', () => {
  test('has a sync wave written as a string of an integer', () => {
    const bad = synced.filter((o) => !/^-?\d+$/.test(String(o.object.metadata.annotations?.[SYNC_WAVE] ?? '')) || typeof o.object.metadata.annotations?.[SYNC_WAVE] !== 'string');
    expect(bad.map((o) => o.file)).toEqual([]);
  });

  test('syncs in the order the platform needs, by kind, in every environment', () => {
    // Earliest first; kinds on one line may share a wave. ExternalSecrets, Keycloaks (after their database) and
    // realm imports (after their Keycloak) are placed after what they read (test/gitops/argocd-accepts.test.ts),
    // so they are not in this list.
    const order = [
      ['Namespace', 'OperatorGroup'],
      ['Subscription'],
      ['Secret', 'NetworkPolicy'],
      ['KeycloakRealm', 'KeycloakClient', 'Backend', 'InferenceService'],
      ['Product', 'Route'],
      ['ProxyConfigPromote'],
    ];
    const step = (kind: string) => order.findIndex((kinds) => kinds.includes(kind));
    const wave = (o: { object: { metadata: { annotations: Record<string, string> } } }) => Number(o.object.metadata.annotations[SYNC_WAVE]);
    for (const env of new Set(synced.map((o) => o.env))) {
      const ordered = synced.filter((o) => o.env === env && step(o.object.kind) >= 0);
      const outOfOrder = ordered.flatMap((a) =>
        ordered.filter((b) => step(a.object.kind) < step(b.object.kind) && wave(a) >= wave(b)).map((b) => `${a.file} (wave ${wave(a)}) !< ${b.file} (wave ${wave(b)})`),
      );
      expect({ env, outOfOrder }).toEqual({ env, outOfOrder: [] });
    }
  });

  test('skips the dry run when it is a custom resource', () => {
    const bad = synced.filter(
      (o) => !BUILT_IN.test(o.object.apiVersion) && !String(o.object.metadata.annotations?.[SYNC_OPTIONS] ?? '').includes('SkipDryRunOnMissingResource=true'),
    );
    expect(bad.map((o) => o.file)).toEqual([]);
  });
});

describe('Argo CD manifests of every environment', () => {
  const applications = argocd.filter((o) => o.object.kind === 'Application');

  test('one Application per environment', () => {
    expect(applications.map((o) => o.env).sort()).toEqual([...new Set(objects.map((o) => o.env))].sort());
  });

  test('every Application path is an environment folder in dist/', () => {
    for (const { env, object } of applications) {
      const path = join(ROOT, object.spec.source.path);
      expect({ env, path: object.spec.source.path, exists: existsSync(path) && statSync(path).isDirectory() }).toEqual({ env, path: `dist/${env}`, exists: true });
    }
  });

  test('the Application does not sync its own folder', () => {
    for (const { object } of applications) expect(object.spec.source.directory).toEqual({ recurse: true, exclude: 'argocd/*' });
  });

  test('every namespace the environment deploys into is rendered as a Namespace and allowed by the AppProject', () => {
    for (const env of new Set(objects.map((o) => o.env))) {
      const used = new Set(synced.filter((o) => o.env === env && o.object.metadata.namespace).map((o) => o.object.metadata.namespace));
      const rendered = new Set(synced.filter((o) => o.env === env && o.object.kind === 'Namespace').map((o) => o.object.metadata.name));
      const project = argocd.find((o) => o.env === env && o.object.kind === 'AppProject')!.object;
      const allowed = new Set(project.spec.destinations.map((d: { namespace: string }) => d.namespace));
      expect({ env, missing: [...used].filter((n) => !rendered.has(n)) }).toEqual({ env, missing: [] });
      expect({ env, notAllowed: [...used].filter((n) => !allowed.has(n)) }).toEqual({ env, notAllowed: [] });
    }
  });

  test('the AppProject allows exactly the kinds the environment renders', () => {
    for (const env of new Set(objects.map((o) => o.env))) {
      const project = argocd.find((o) => o.env === env && o.object.kind === 'AppProject')!.object;
      const allowed = [...project.spec.clusterResourceWhitelist, ...project.spec.namespaceResourceWhitelist].map((k: { group: string; kind: string }) => `${k.group}/${k.kind}`).sort();
      const rendered = [...new Set(synced.filter((o) => o.env === env).map((o) => `${o.object.apiVersion.includes('/') ? o.object.apiVersion.split('/')[0] : ''}/${o.object.kind}`))].sort();
      expect({ env, allowed }).toEqual({ env, allowed: rendered });
    }
  });

  test('prod syncs only when a person approves; other stages sync by themselves with self-heal', () => {
    const stages = new Map(loadEnvironments(join(ROOT, 'environments'), ROOT).map((e) => [e.name, e.stage]));
    const byEnv = Object.fromEntries(applications.map((o) => [o.env, o.object.spec.syncPolicy.automated]));
    const expected = Object.fromEntries(applications.map((o) => [o.env, stages.get(o.env) === 'prod' ? undefined : { prune: true, selfHeal: true }]));
    expect(byEnv).toEqual(expected);
  });
});
