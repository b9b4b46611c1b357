import type { IdentityOutputs } from '../charts/outputs';
import type { Environment } from '../config/schema';
import { CLIENT_SECRET_KEY } from '../constructs/smoke-job';
import type { SmokePlan } from '../smoke/plan';

/** A rendered object as the checklist reads it. */
export interface RenderedManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: Readonly<Record<string, unknown>>;
}

/** One rendered file of an environment: its path under `dist/<env>/` and its object. */
export interface RenderedFile {
  /** Path under `dist/<env>/`, e.g. `argocd/application.openshift-gitops.maas-dev.yaml`. */
  readonly file: string;
  readonly object: RenderedManifest;
}

/** What the first-rollout checklist is derived from. */
export interface FirstRolloutProps {
  /** The environment as loaded. */
  readonly env: Environment;
  /** The identity chart's outputs: where the API client's Secret is. */
  readonly identity: IdentityOutputs;
  /** The smoke plan: the first call of each model, with its body. */
  readonly plan: SmokePlan;
  /** Every file rendered for the environment. */
  readonly files: readonly RenderedFile[];
  /** The folder of the Argo CD chart under `dist/<env>/`. @default 'argocd' */
  readonly argocdFolder?: string;
}

/** One prerequisite: what must exist, the command that checks it, what that command prints when it does. */
export interface Prerequisite {
  readonly what: string;
  readonly check: string;
  readonly expect: string;
}

/**
 * The prerequisites of an environment, derived from what it renders: the GitOps instance, each operator's
 * catalog entry (from the Subscriptions), the platforms whose custom resources it renders without installing
 * them (OpenShift AI, External Secrets and its store, 3scale's APIManager, user-workload monitoring), the
 * runtimes and data connections the models name, and the Git repository Argo CD reads.
 */
export function prerequisites(props: FirstRolloutProps): Prerequisite[] {
  const { env } = props;
  const objects = props.files.map((f) => f.object);
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const list: Prerequisite[] = [
    {
      what: `OpenShift GitOps: an Argo CD instance in \`${env.gitops.namespace}\``,
      check: `oc -n ${env.gitops.namespace} get argocd`,
      expect: 'one ArgoCD, phase Available',
    },
    {
      what: `the Git repository Argo CD syncs (\`gitops.repoURL\`; change it in \`environments/${env.name}.yaml\` to your fork, then \`npm run synth\`)`,
      check: `git ls-remote ${env.gitops.repoURL} ${env.gitops.targetRevision}`,
      expect: `a commit for \`${env.gitops.targetRevision}\` holding this \`dist/${env.name}/\``,
    },
  ];
  for (const subscription of ofKind('Subscription')) {
    const spec = subscription.spec as { name: string; channel: string; source: string; sourceNamespace: string };
    list.push({
      what: `catalog \`${spec.source}\` offers operator \`${spec.name}\` on channel \`${spec.channel}\``,
      check: `oc -n ${spec.sourceNamespace} get packagemanifest ${spec.name} -o jsonpath='{.status.channels[*].name}'`,
      expect: `lists \`${spec.channel}\``,
    });
  }
  if (ofKind('InferenceService').length > 0) {
    list.push({
      what: 'OpenShift AI with KServe (the DataScienceCluster)',
      check: 'oc get crd inferenceservices.serving.kserve.io servingruntimes.serving.kserve.io',
      expect: 'both CRDs found',
    });
  }
  for (const { model, runtime } of env.models.filter((m) => env.serving.platformRuntimes.includes(m.runtime)).map((m) => ({ model: m, runtime: m.runtime }))) {
    list.push({
      what: `runtime \`${runtime}\` in namespace \`${model.namespace}\` (\`serving.platformRuntimes\`; create it from the OpenShift AI template)`,
      check: `oc -n ${model.namespace} get servingruntime ${runtime}`,
      expect: 'found',
    });
  }
  for (const model of env.models) {
    if (model.storage === undefined) continue;
    list.push({
      what: `data connection \`${model.storage.key}\` for model \`${model.name}\` (a key of the \`storage-config\` Secret)`,
      check: `oc -n ${model.namespace} get secret storage-config -o jsonpath='{.data.${model.storage.key.replace(/\./g, '\\.')}}'`,
      expect: 'non-empty',
    });
  }
  const stores = new Map<string, Prerequisite>();
  for (const external of ofKind('ExternalSecret')) {
    // An ExternalSecret filled by a generator (a generated password) reads no store.
    const ref = (external.spec as { secretStoreRef?: { kind: string; name: string } }).secretStoreRef;
    if (ref === undefined) continue;
    const cluster = ref.kind === 'ClusterSecretStore';
    const check = `oc${cluster ? '' : ` -n ${external.metadata.namespace}`} get ${ref.kind.toLowerCase()} ${ref.name}`;
    stores.set(check, { what: `External Secrets Operator and its ${ref.kind} \`${ref.name}\``, check, expect: 'found, READY True' });
  }
  list.push(...stores.values());
  const secrets = new Map<string, Prerequisite>();
  for (const product of ofKind('Product')) {
    const ref = (product.spec as { providerAccountRef?: { name: string } }).providerAccountRef;
    if (ref === undefined) continue;
    const check = `oc -n ${product.metadata.namespace} get secret ${ref.name}`;
    secrets.set(check, { what: `3scale tenant Secret \`${ref.name}\` (its admin portal URL and access token; the Products' \`providerAccountRef\`)`, check, expect: 'found' });
  }
  for (const realmImport of ofKind('KeycloakRealmImport')) {
    const placeholders = (realmImport.spec as { placeholders?: Record<string, { secret?: { name: string; key: string } }> }).placeholders ?? {};
    for (const { secret } of Object.values(placeholders)) {
      if (secret === undefined) continue;
      const check = `oc -n ${realmImport.metadata.namespace} get secret ${secret.name} -o jsonpath='{.data.${secret.key}}'`;
      secrets.set(check, { what: `client Secret \`${secret.name}\` (the realm import reads its \`${secret.key}\`)`, check, expect: 'non-empty' });
    }
  }
  list.push(...secrets.values());
  const gatewayNamespaces = [...new Set(ofKind('Product').map((p) => p.metadata.namespace ?? ''))];
  for (const namespace of gatewayNamespaces) {
    list.push({
      what: `3scale: an APIManager in \`${namespace}\` (its APIcast gateways serve the Products)`,
      check: `oc -n ${namespace} get apimanager`,
      expect: 'one APIManager, status Available',
    });
  }
  if (ofKind('PodMonitor').length + ofKind('PrometheusRule').length > 0) {
    list.push({
      what: 'monitoring for user-defined projects (PodMonitors and PrometheusRules are read by it)',
      check: "oc -n openshift-monitoring get configmap cluster-monitoring-config -o jsonpath='{.data.config\\.yaml}'",
      expect: '`enableUserWorkload: true`',
    });
  }
  return list;
}

/**
 * The bootstrap commands, in order, from the Argo CD chart's own files: the AppProject first, everything else,
 * the Application, then an `ArgoCD` object as a merge patch of the operator's instance (after a look at the
 * health checks it would replace), as README "Bootstrap" describes.
 */
export function bootstrapCommands(props: FirstRolloutProps): string[] {
  const folder = props.argocdFolder ?? 'argocd';
  const rank = (kind: string) => ({ AppProject: 0, Application: 2, ArgoCD: 3 })[kind] ?? 1;
  const files = props.files
    .filter((f) => f.file.startsWith(`${folder}/`))
    .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const path = (f: RenderedFile) => `dist/${props.env.name}/${f.file}`;
  const commands = files.flatMap((f) =>
    f.object.kind === 'ArgoCD'
      ? [
          // A merge patch replaces the list: checks already there would be lost (README, "Bootstrap").
          `oc -n ${f.object.metadata.namespace} get argocd ${f.object.metadata.name} -o jsonpath='{.spec.resourceHealthChecks}'   # empty? else merge by hand (README, Bootstrap)`,
          `oc -n ${f.object.metadata.namespace} patch argocd ${f.object.metadata.name} --type merge --patch-file ${path(f)}`,
        ]
      : [`oc apply -f ${path(f)}`],
  );
  const application = files.find((f) => f.object.kind === 'Application');
  if (application !== undefined) {
    const { name, namespace } = application.object.metadata;
    if (!props.env.gitops.automated) {
      commands.push(`oc -n ${namespace} patch application ${name} --type merge -p '{"operation":{"initiatedBy":{"username":"'"$(oc whoami)"'"},"sync":{}}}'   # manual sync: start it`);
    }
    commands.push(`oc -n ${namespace} get application ${name} -w   # until SYNC STATUS Synced and HEALTH STATUS Healthy`);
  }
  return commands;
}

/**
 * The "First rollout" section of `dist/<env>/README.md`: prerequisites with the `oc` command that checks
 * each, the bootstrap commands in order, then the first call with the API client's secret fetched from its
 * Secret. Derived from the rendered objects, so it follows what the charts render.
 */
export function firstRollout(props: FirstRolloutProps): string[] {
  const { env, identity, plan } = props;
  const call = plan.models.find((m) => m.predict !== false) ?? plan.models[0];
  return [
    '## First rollout',
    '',
    'From an empty cluster to the first call, as a cluster administrator (`oc login`), from the repository root.',
    '',
    '### 1. Check the prerequisites',
    '',
    '| what must exist first | check | expect |',
    '|---|---|---|',
    ...prerequisites(props).map((p) => `| ${p.what} | \`${p.check.replace(/\|/g, '\\|')}\` | ${p.expect} |`),
    '',
    'The namespaces are created by the first sync (wave 0); to put a Secret, a runtime or a data connection in one before it, create it first (`oc create namespace <name>`): Argo CD adopts it.',
    '',
    '### 2. Bootstrap Argo CD (once per cluster)',
    '',
    '```sh',
    ...bootstrapCommands(props),
    '```',
    '',
    '### 3. First call',
    '',
    '```sh',
    `CLIENT_SECRET=$(oc -n ${identity.namespace} get secret ${identity.apiClientSecretName} -o jsonpath='{.data.${CLIENT_SECRET_KEY}}' | base64 -d)`,
    `TOKEN=$(curl -s -X POST '${identity.tokenUrl}' \\`,
    `  -d grant_type=client_credentials -d client_id=${identity.apiClientId} -d "client_secret=$CLIENT_SECRET" | jq -r .access_token)`,
    ...(call === undefined
      ? ['# this environment publishes no model with a known URL yet']
      : [`curl -X ${call.method} '${call.url}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`, `  -d '${JSON.stringify(call.body).replace(/'/g, "'\\''")}'`]),
    '```',
    '',
    `\`npm run smoke -- --env ${env.name}\` makes this call for every model, plus the checks that calls without a valid token are refused.`,
  ];
}
