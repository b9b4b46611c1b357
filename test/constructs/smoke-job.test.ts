import { Testing } from 'cdk8s';
import { SmokeJob } from '../../lib/constructs/smoke-job';
import type { SmokePlan } from '../../lib/smoke/plan';

const PLAN: SmokePlan = {
  environment: 'dev',
  tokenUrl: 'https://kc.example.com/realms/ai-realm/protocol/openid-connect/token',
  clientId: 'ai-client',
  clientsUrl: 'https://kc.example.com/admin/realms/ai-realm/clients',
  models: [{ name: 'iris', url: 'https://iris-api.example.com/v1/models/iris:predict', method: 'POST', body: { instances: [[1]] }, application: 'ai-client.iris' }],
};
const IMAGE = `registry.example.com/node@sha256:${'a'.repeat(64)}`;

function render(props: Partial<ConstructorParameters<typeof SmokeJob>[2]> = {}) {
  const chart = Testing.chart();
  const job = new SmokeJob(chart, 'Smoke', { namespace: 'kc', plan: PLAN, image: IMAGE, clientSecretName: 'keycloak-client-secret-ai-client', ...props });
  const objects = Testing.synth(chart);
  return {
    job,
    configMap: objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'maas-smoke'),
    caConfigMap: objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'maas-smoke-trusted-ca'),
    jobObject: objects.find((o) => o.kind === 'Job'),
  };
}

describe('SmokeJob', () => {
  test('is an Argo CD PostSync hook, replaced before each run and deleted when it succeeds', () => {
    const { jobObject } = render();
    expect(jobObject.metadata).toMatchObject({
      name: 'maas-smoke',
      namespace: 'kc',
      annotations: { 'argocd.argoproj.io/hook': 'PostSync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation,HookSucceeded' },
    });
  });

  test('defaults: 2 retries, a failed Job kept a day, 10 minutes in all, 10 s per request', () => {
    const { jobObject } = render();
    expect(jobObject.spec).toMatchObject({ backoffLimit: 2, ttlSecondsAfterFinished: 86400, activeDeadlineSeconds: 600 });
    expect(jobObject.spec.template.spec.containers[0].env[2]).toEqual({ name: 'SMOKE_TIMEOUT_SECONDS', value: '10' });
  });

  test('reads the client credentials from the Secret as environment variables, never from its command line', () => {
    const container = render().jobObject.spec.template.spec.containers[0];
    expect(container.command).toEqual(['node', '/etc/maas-smoke/smoke.mjs', '/etc/maas-smoke/plan.json']);
    expect(container.args).toBeUndefined();
    expect(container.env.slice(0, 2)).toEqual([
      { name: 'MAAS_CLIENT_ID', valueFrom: { secretKeyRef: { name: 'keycloak-client-secret-ai-client', key: 'CLIENT_ID' } } },
      { name: 'MAAS_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'keycloak-client-secret-ai-client', key: 'CLIENT_SECRET' } } },
    ]);
  });

  test('uses other Secret keys when given', () => {
    const env = render({ clientIdKey: 'id', clientSecretKey: 'secret' }).jobObject.spec.template.spec.containers[0].env;
    expect(env.slice(0, 2).map((e: { valueFrom: { secretKeyRef: { key: string } } }) => e.valueFrom.secretKeyRef.key)).toEqual(['id', 'secret']);
  });

  test('runs as non-root, without privilege escalation or service account token, with resources set', () => {
    const pod = render().jobObject.spec.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false, securityContext: { runAsNonRoot: true } });
    expect(pod.containers[0].image).toBe(IMAGE);
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(pod.containers[0].resources).toEqual({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
  });

  test('puts the plan and the script into its ConfigMap, which the Job mounts', () => {
    const { configMap, jobObject } = render();
    expect(JSON.parse(configMap.data['plan.json'])).toEqual(PLAN);
    expect(configMap.data['smoke.mjs']).toContain("readFileSync(process.argv[2], 'utf8')");
    expect(jobObject.spec.template.spec.volumes).toContainEqual({ name: 'smoke', configMap: { name: 'maas-smoke' } });
  });

  test('GIVEN a cluster with a private CA WHEN the Job runs THEN Node trusts the cluster\'s injected CA bundle (config.openshift.io/inject-trusted-cabundle) through NODE_EXTRA_CA_CERTS', () => {
    const { caConfigMap, jobObject } = render();
    expect(caConfigMap.metadata.labels['config.openshift.io/inject-trusted-cabundle']).toBe('true');
    expect(caConfigMap.data).toBeUndefined();
    const pod = jobObject.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'trusted-ca', configMap: { name: 'maas-smoke-trusted-ca' } });
    const container = pod.containers[0];
    const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'trusted-ca');
    expect(container.env).toContainEqual({ name: 'NODE_EXTRA_CA_CERTS', value: `${mount.mountPath}/ca-bundle.crt` });
  });
});
