import { App } from 'cdk8s';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCharts, synthesizeCharts } from '../lib/charts';
import { loadEnvironments } from '../lib/config/load';
import { EXAMPLE_ENVIRONMENTS } from '../lib/docs/docs-files';
import { ARGOCD_VERSIONS, DEFAULT_ARGOCD_VERSION } from '../lib/upstream/argocd';
import { ROOT } from './helpers';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  test.each(loadEnvironments(join(ROOT, EXAMPLE_ENVIRONMENTS), ROOT).map((env) => [env.name, env] as const))(
    "shows the example %s's token endpoint and every model's gateway call",
    (name, env) => {
      const charts = buildCharts(new App(), env);
      const row = README.split('\n').find((line) => line.startsWith(`| ${name} | `));
      expect(row).toContain(`\`${charts.identity.outputs.tokenUrl}\``);
      for (const model of charts.smoke.plan.models) expect(row).toContain(`\`POST ${model.url}\``);
    },
  );

  test('names the two commands of a fresh machine on its first screen, as CI runs them', () => {
    const firstScreen = README.split('\n').slice(0, 20).join('\n');
    expect(firstScreen).toContain('npm ci && npm run synth');
    expect(firstScreen).toContain('npm test');
    expect(readFileSync(join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/\nnpm ci[^\n]*\nnpm test\n/);
  });

  test("states the Application's retry as every example environment renders it", () => {
    for (const env of loadEnvironments(join(ROOT, EXAMPLE_ENVIRONMENTS), ROOT)) {
      const charts = buildCharts(new App(), env);
      const application = synthesizeCharts(charts).flatMap(({ objects }) => objects).find((o) => o.kind === 'Application' && o.metadata.name === `maas-${env.name}`) as unknown as
        { spec: { syncPolicy: { retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } } } } };
      const { limit, backoff } = application.spec.syncPolicy.retry;
      expect(README).toContain(`retry with backoff (\`limit: ${limit}\`, \`duration: ${backoff.duration}\`, \`factor: ${backoff.factor}\`, \`maxDuration: ${backoff.maxDuration}\`)`);
    }
  });

  test('names the default Argo CD version and every version an environment may pin', () => {
    const paragraph = README.slice(README.indexOf('`gitops.argocdVersion` (default'), README.indexOf('`gitops.argocdInstance`'));
    expect(paragraph).toContain(`(default \`"${DEFAULT_ARGOCD_VERSION}"\``);
    for (const version of ARGOCD_VERSIONS) expect(paragraph).toContain(`"${version}"`);
  });
});
