// What Argo CD and the operators do with the committed dist/, read against their source at the pinned versions.
// Each test encodes one upstream rule (cited) and iterates over whatever environments are rendered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { groupKind, HOOK, PROTECTED_FROM_PRUNE, SYNC_OPTIONS, SYNC_WAVE } from '../../lib/charts/sync-policy';
import { loadEnvironments } from '../../lib/config/load';
import { HEALTH_CHECKS } from '../../lib/constructs/argocd-health-checks';
import { ARGOCD, isDestinationMatched, isGroupKindPermitted, knowsSyncOption } from '../../lib/upstream/argocd';
import { CONTROLLER_EFFECTS } from '../../lib/upstream/controller-effects';
import type { ObjectRef } from '../../lib/upstream/types';
import { renderedObjects, ROOT } from '../helpers';
import { CRDS_DIR } from '../validate/helpers';

const objects = renderedObjects();
const environments = [...new Set(objects.map((o) => o.env))].sort();
const settings = new Map(loadEnvironments(join(ROOT, 'environments')).map((e) => [e.name, e]));
const synced = (env: string) => objects.filter((o) => o.env === env && o.chart !== 'argocd');
const argocd = (env: string, kind: string) => objects.filter((o) => o.env === env && o.chart === 'argocd' && o.object.kind === kind).map((o) => o.object);
const gk = (o: { apiVersion: string; kind: string }) => groupKind(o.apiVersion, o.kind);

describe.each(environments)('%s: Argo CD accepts the Application', (env) => {
  const [application] = argocd(env, 'Application');
  const [project] = argocd(env, 'AppProject');

  // argoproj/argo-cd util/argo/argo.go@v2.13.9 (ValidatePermissions) and
  // pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (isDestinationMatched): otherwise InvalidSpecError.
  test('its destination (server and namespace) is permitted by its AppProject', () => {
    expect({ destination: application.spec.destination, permitted: isDestinationMatched(project.spec, application.spec.destination) })
      .toEqual({ destination: application.spec.destination, permitted: true });
  });

  // argoproj/argo-cd controller/sync.go@v2.13.9 (WithPermissionValidator): every resource's kind, and every
  // namespaced resource's namespace, is checked against the project before it is applied.
  test('every object it syncs is permitted by its AppProject (kind, and namespace)', () => {
    const refused = synced(env).filter(({ object }) => {
      const [group] = gk(object).split('/');
      const namespaced = object.metadata.namespace !== undefined;
      return !isGroupKindPermitted(project.spec, group === 'core' ? '' : group, object.kind, namespaced)
        || (namespaced && !isDestinationMatched(project.spec, { server: application.spec.destination.server, namespace: object.metadata.namespace }));
    });
    expect(refused.map((o) => o.file)).toEqual([]);
  });
});

describe.each(environments)('%s: sync options', (env) => {
  const version = settings.get(env)!.gitops.argocdVersion;

  // argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314 (argo-cd v2.13.9) and @c19f8cfa4d27 (v2.14.0):
  // an option the version does not know is ignored, so it protects nothing.
  test('every sync option is one the environment\'s Argo CD version knows', () => {
    const unknown = synced(env).flatMap(({ file, object }) =>
      String(object.metadata.annotations?.[SYNC_OPTIONS] ?? '').split(',').filter((o) => o !== '' && !knowsSyncOption(version, o)).map((o) => `${file}: ${o}`));
    expect({ version, unknown }).toEqual({ version, unknown: [] });
  });

  test('Namespaces, Products and realms are never pruned by Argo CD on its own', () => {
    const protection = knowsSyncOption(version, 'Prune=confirm') ? 'Prune=confirm' : 'Prune=false';
    const unprotected = synced(env).filter(({ object }) => PROTECTED_FROM_PRUNE.has(gk(object))
      && !String(object.metadata.annotations?.[SYNC_OPTIONS] ?? '').split(',').includes(protection));
    expect(unprotected.map((o) => o.file)).toEqual([]);
  });
});

/** The v1beta1 `spec.resourceHealthChecks` schema of the ArgoCD CRD, cut out of the 1.5 MB file by indentation. */
function resourceHealthChecksSchema(): object {
  const text = readFileSync(join(CRDS_DIR, 'argocd-operator', 'argoproj.io_argocds.yaml'), 'utf8');
  const lines = text.slice(text.indexOf('\n  - name: v1beta1\n')).split('\n');
  const start = lines.findIndex((l) => /^ {14}resourceHealthChecks:$/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^ {0,14}\S/.test(l));
  return parse(lines.slice(start + 1, end).map((l) => l.slice(16)).join('\n'));
}

describe.each(environments)('%s: health checks reach Argo CD', (env) => {
  const patches = argocd(env, 'ArgoCD');
  const rendered = new Set(synced(env).map((o) => gk(o.object)));

  // argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.1 (reconcileArgoConfigMap): the operator
  // replaces argocd-cm's data with what the ArgoCD resource says; only spec.resourceHealthChecks survives.
  test('as a patch of the ArgoCD resource, not as argocd-cm', () => {
    expect({ argocdCm: argocd(env, 'ConfigMap').map((c) => c.metadata.name), patches: patches.length }).toEqual({ argocdCm: [], patches: 1 });
    expect(patches[0].apiVersion).toBe('argoproj.io/v1beta1');
  });

  test('with a check for every rendered kind that has one', () => {
    const wanted = Object.keys(HEALTH_CHECKS).filter((k) => rendered.has(k)).sort();
    const given = (patches[0]?.spec?.resourceHealthChecks ?? []).map((c: { group: string; kind: string }) => `${c.group}/${c.kind}`).sort();
    expect(given).toEqual(wanted);
  });

  // The schema OpenShift GitOps 1.15 installs: redhat-developer/gitops-operator bundle/manifests/argoproj.io_argocds.yaml@v1.15.1.
  test('valid against the ArgoCD v1beta1 schema of spec.resourceHealthChecks', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(resourceHealthChecksSchema());
    const checks = patches[0]?.spec?.resourceHealthChecks;
    expect({ valid: validate(checks), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    expect(Object.keys(patches[0].spec)).toEqual(['resourceHealthChecks']);
  });

  test('only for kinds Argo CD cannot judge, or judges too early', () => {
    const builtIn = ARGOCD[settings.get(env)!.gitops.argocdVersion].builtInHealth;
    const overridden = (patches[0]?.spec?.resourceHealthChecks ?? []).map((c: { group: string; kind: string }) => `${c.group}/${c.kind}`).filter((k: string) => builtIn.includes(k));
    // The built-in Subscription check is Healthy before the operator is installed (resource_customizations@v2.13.9).
    expect(overridden.filter((k: string) => k !== 'operators.coreos.com/Subscription' && k !== 'k8s.keycloak.org/Keycloak')).toEqual([]);
  });
});

describe.each(environments)('%s: no wave waits on a later one', (env) => {
  // Argo CD applies a wave, then waits until every object of it is healthy; a Degraded one fails the sync
  // (argoproj/gitops-engine pkg/sync/sync_context.go@4c6e03c46314). An object that reads something rendered,
  // or created by a controller (lib/upstream/controller-effects.ts), must be in a later wave than it.
  test('every object is in a later wave than everything it reads', () => {
    const items = synced(env).filter((o) => o.object.metadata.annotations?.[HOOK] === undefined);
    const wave = (o: { object: { metadata: { annotations: Record<string, string> } } }) => Number(o.object.metadata.annotations[SYNC_WAVE]);
    const key = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ?? ''}/${ref.name}`;
    const producers = new Map<string, { file: string; wave: number }>();
    const add = (ref: ObjectRef, file: string, w: number) => {
      producers.set(key(ref), { file, wave: w });
      producers.set(key({ kind: ref.kind, name: ref.name }), { file, wave: w });
    };
    for (const item of items) {
      add({ kind: gk(item.object), name: item.object.metadata.name, namespace: item.object.metadata.namespace }, item.file, wave(item));
      for (const created of CONTROLLER_EFFECTS.get(gk(item.object))?.creates(item.object) ?? []) add(created, `${item.file} (its controller creates ${created.kind} ${created.name})`, wave(item));
    }
    const late = items.flatMap((item) => (CONTROLLER_EFFECTS.get(gk(item.object))?.reads(item.object) ?? []).flatMap((ref) => {
      const producer = producers.get(key(ref));
      return producer === undefined || producer.file.startsWith(item.file) || producer.wave < wave(item)
        ? []
        : [`${item.file} (wave ${wave(item)}) reads ${ref.kind} ${ref.name}, from ${producer.file} (wave ${producer.wave})`];
    }));
    expect(late).toEqual([]);
  });
});
