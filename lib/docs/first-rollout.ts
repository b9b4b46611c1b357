import type { IdentityOutputs } from '../charts/outputs';
import type { Environment } from '../config/schema';
import { CLIENT_SECRET_KEY } from '../constructs/keycloak-representations';
import type { SmokePlan } from '../smoke/plan';
import { secretInventory } from '../validate/secret-inventory';

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
  /** The identity chart's outputs: the token endpoint, and the gateway client that may read the realm's clients. */
  readonly identity: IdentityOutputs;
  /** The smoke plan: the first call of each model, with its body and the consumer's application. */
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

/** Models grouped by namespace and one of their settings, in order of first appearance: one prerequisite per group. */
function byNamespaceAnd<M extends { readonly name: string; readonly namespace: string }>(models: readonly M[], setting: (m: M) => string): [[string, string], M[]][] {
  const groups = new Map<string, [[string, string], M[]]>();
  for (const model of models) {
    const id = JSON.stringify([model.namespace, setting(model)]);
    const group = groups.get(id) ?? [[model.namespace, setting(model)], []];
    group[1].push(model);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/** `model \`a\``, or `models \`a\`, \`b\``. */
function modelList(models: readonly { readonly name: string }[]): string {
  return `model${models.length > 1 ? 's' : ''} ${models.map((m) => `\`${m.name}\``).join(', ')}`;
}

/**
 * The prerequisites of an environment, derived from what it renders: the GitOps instance, each operator's
 * catalog entry (from the Subscriptions), the platforms whose custom resources it renders without installing
 * them (OpenShift AI, External Secrets and its store, 3scale's APIManager, user-workload monitoring), the
 * runtimes and data connections the models name, the Secrets no rendered object creates (from the Secret
 * inventory, lib/validate/secret-inventory.ts), and the Git repository Argo CD reads.
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
  for (const [[namespace, runtime], models] of byNamespaceAnd(env.models.filter((m) => env.serving.platformRuntimes.includes(m.runtime)), (m) => m.runtime)) {
    list.push({
      what: `runtime \`${runtime}\` in namespace \`${namespace}\` for ${modelList(models)} (\`serving.platformRuntimes\`: the platform provides it, this repository does not render it)`,
      check: `oc -n ${namespace} get servingruntime ${runtime}`,
      expect: 'found',
    });
  }
  // Not rendered here: a data connection holds credentials. KServe and ModelMesh read it as a key of the namespace's storage-config Secret.
  for (const [[namespace, key], models] of byNamespaceAnd(env.models.filter((m) => m.storage !== undefined), (m) => m.storage!.key)) {
    list.push({
      what: `data connection \`${key}\` for ${modelList(models)} (a key of the \`storage-config\` Secret; create it in the OpenShift AI dashboard or from your secret store)`,
      check: `oc -n ${namespace} get secret storage-config -o jsonpath='{.data.${key.replace(/\./g, '\\.')}}'`,
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
  // Secrets the first sync does not create: the inventory of the Secrets section knows who creates each one.
  const prerequisite = 'provided before the first sync: ';
  for (const entry of secretInventory(objects)) {
    if (entry.namespace === '' || (entry.creator !== undefined && !entry.creator.startsWith(prerequisite))) continue;
    list.push({
      what: `Secret \`${entry.name}\` (${entry.creator === undefined ? `read by ${entry.readers.join(', ')}; nothing here creates it` : entry.creator.slice(prerequisite.length)})`,
      check: `oc -n ${entry.namespace} get secret ${entry.name}`,
      expect: 'found',
    });
  }
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
 * The first calls, as the environment's first consumer (`gateway.consumers[0]`), one per model of the smoke
 * plan: each model's Product has its own 3scale application, and zync gives each application its own Keycloak
 * client, named after the application (`<consumer>.<model>`), with a client id 3scale chose. Its secret is in
 * no Kubernetes Secret: as the administrator, read it from the realm with the gateway's client (zync's, which
 * may manage the realm's clients), the look-up the smoke Job makes (lib/smoke/in-cluster-script.ts).
 */
export function firstCalls(props: Pick<FirstRolloutProps, 'identity' | 'plan'>): string[] {
  const { identity, plan } = props;
  if (plan.models.length === 0) {
    return ['No model is called yet: add a consumer under `gateway.consumers`, subscribed to a model whose gateway URL is known (self-managed APIcast).'];
  }
  const secret = (key: string) => `$(oc -n ${identity.namespace} get secret ${identity.gatewayClientSecretName} -o jsonpath='{.data.${key}}' | base64 -d)`;
  const clients = plan.clientsUrl ?? '';
  return [
    `As consumer \`${plan.consumer ?? ''}\`: each model's Product has its own application, and zync gives each application a Keycloak client named after it (\`<consumer>.<model>\`, client id chosen by 3scale).`,
    'A consumer reads the client id and secret of each application in the 3scale developer portal; as the administrator, read them from the realm',
    `with the gateway's client \`${identity.gatewayClientId}\` (Secret \`${identity.namespace}/${identity.gatewayClientSecretName}\`), as the smoke Job does:`,
    '',
    '```sh',
    `ADMIN_TOKEN=$(curl -s -X POST '${identity.tokenUrl}' -d grant_type=client_credentials \\`,
    `  --data-urlencode "client_id=${secret('CLIENT_ID')}" --data-urlencode "client_secret=${secret(CLIENT_SECRET_KEY)}" | jq -r .access_token)`,
    'token() {  # the access token of the client zync created for application $1',
    `  local client=$(curl -s -H "Authorization: Bearer $ADMIN_TOKEN" '${clients}?first=0&max=1000' | jq -c --arg name "$1" '.[] | select(.name == $name)')`,
    `  local secret=$(curl -s -H "Authorization: Bearer $ADMIN_TOKEN" "${clients}/$(jq -r .id <<<"$client")/client-secret" | jq -r .value)`,
    `  curl -s -X POST '${identity.tokenUrl}' -d grant_type=client_credentials \\`,
    '    --data-urlencode "client_id=$(jq -r .clientId <<<"$client")" --data-urlencode "client_secret=$secret" | jq -r .access_token',
    '}',
    ...plan.models.flatMap((m) =>
      m.predict === false
        ? [`# ${m.name}: smoke.predict is false; call ${m.url} with a request the model accepts, token from: token ${m.application}`]
        : [
            `curl -X ${m.method} '${m.url}' -H "Authorization: Bearer $(token ${m.application})" -H 'Content-Type: application/json' \\`,
            `  -d '${JSON.stringify(m.body).replace(/'/g, "'\\''")}'${m.expectedStatus === undefined ? '' : `   # expect ${m.expectedStatus}`}`,
          ],
    ),
    '```',
  ];
}

/**
 * The "First rollout" section of `dist/<env>/README.md`: prerequisites with the `oc` command that checks
 * each, the bootstrap commands in order, then the first calls with each application's client read from the
 * realm. Derived from the rendered objects and the smoke plan, so it follows what the charts render.
 */
export function firstRollout(props: FirstRolloutProps): string[] {
  const { env } = props;
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
    ...firstCalls(props),
    '',
    `\`npm run smoke -- --env ${env.name}\` makes these calls with the client you give it (\`MAAS_CLIENT_ID\`, \`MAAS_CLIENT_SECRET\`), plus the checks that calls without a valid token are refused;`,
    'with `smoke.postSync`, the PostSync Job makes them after every sync, looking each application\'s client up as above.',
  ];
}
