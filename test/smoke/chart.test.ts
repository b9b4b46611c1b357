import { renderedObjects } from '../helpers';

const objects = renderedObjects();

describe('rendered smoke chart', () => {
  test('dev and staging opt in; prod renders no smoke objects', () => {
    const byEnv = (env: string) => objects.filter((o) => o.env === env && o.chart === 'smoke').map((o) => o.object.kind).sort();
    expect({ dev: byEnv('dev'), staging: byEnv('staging'), prod: byEnv('prod') }).toEqual({
      // The plan and script, the injected trusted CA bundle, the Job.
      dev: ['ConfigMap', 'ConfigMap', 'Job'],
      staging: ['ConfigMap', 'ConfigMap', 'Job'],
      prod: [],
    });
  });

  test('the Job runs in the identity namespace, where the client Secret is', () => {
    for (const env of ['dev', 'staging']) {
      const job = objects.find((o) => o.env === env && o.object.kind === 'Job')!.object;
      const identityNamespace = objects.find((o) => o.env === env && o.chart === 'identity' && o.object.kind === 'Subscription')!.object.metadata.namespace;
      expect({ env, namespace: job.metadata.namespace }).toEqual({ env, namespace: identityNamespace });
    }
  });

  test('no rendered object carries a secret value: credentials are only referenced', () => {
    const smoke = objects.filter((o) => o.chart === 'smoke');
    const text = JSON.stringify(smoke.map((o) => o.object));
    expect(text).not.toMatch(/client_secret=|"CLIENT_SECRET"\s*:\s*"|Basic [A-Za-z0-9+/=]{8,}|eyJ[\w-]+\.[\w-]+\./);
    const envValues = smoke
      .filter((o) => o.object.kind === 'Job')
      .flatMap((o) => o.object.spec.template.spec.containers.flatMap((c: { env: { name: string; value?: string }[] }) => c.env))
      .filter((e: { name: string; value?: string }) => /SECRET|CLIENT_ID/.test(e.name) && e.value !== undefined);
    expect(envValues).toEqual([]);
  });
});
