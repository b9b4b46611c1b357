import { App } from 'cdk8s';
import { join } from 'node:path';
import { buildCharts } from '../../lib/charts';
import { loadEnvironments } from '../../lib/config/load';
import { environmentReadme } from '../../lib/docs/environment-readme';
import { readTree, ROOT } from '../helpers';

const ENVIRONMENTS = loadEnvironments(join(ROOT, 'environments'), ROOT);
const DIST = readTree(join(ROOT, 'dist'));

/** The lines of the first ```mermaid block of a markdown text. */
function mermaidBlock(markdown: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf('```mermaid');
  const end = lines.indexOf('```', start + 1);
  if (start < 0 || end < 0) throw new Error('no closed ```mermaid block');
  return lines.slice(start + 1, end);
}

/**
 * The problems of a flowchart in the subset of Mermaid the README uses: a `flowchart LR` header, node
 * definitions `id["label"]`, and edges `a -->|"label"| b` or `a -.->|"label"| b` between defined nodes.
 * Quoted labels may hold any character but `"` (Mermaid ends the label there).
 */
function flowchartProblems(lines: readonly string[]): string[] {
  const problems: string[] = [];
  const nodes = new Set<string>();
  const body = lines[0]?.startsWith('%%{init:') ? lines.slice(1) : lines;
  if (body[0] !== 'flowchart LR') problems.push(`header: ${body[0]}`);
  for (const line of body.slice(1)) {
    const node = /^ {2}([A-Za-z][A-Za-z0-9_]*)\["([^"]*)"\]$/.exec(line);
    const edge = /^ {2}([A-Za-z][A-Za-z0-9_]*) (-->|-\.->)\|"([^"]*)"\| ([A-Za-z][A-Za-z0-9_]*)$/.exec(line);
    if (node) {
      if (nodes.has(node[1])) problems.push(`node defined twice: ${line}`);
      nodes.add(node[1]);
    } else if (edge) {
      for (const id of [edge[1], edge[4]]) if (!nodes.has(id)) problems.push(`edge to undefined node ${id}: ${line}`);
    } else {
      problems.push(`not a node or an edge: ${line}`);
    }
  }
  return problems;
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('dist/%s/README.md', (name, env) => {
  const readme = DIST.get(`${name}/README.md`) ?? '';
  const charts = buildCharts(new App(), env);

  test('is committed (the dist-current test keeps it up to date)', () => {
    expect(readme).not.toBe('');
  });

  test('has a request-path diagram in valid Mermaid flowchart syntax', () => {
    expect(flowchartProblems(mermaidBlock(readme))).toEqual([]);
  });

  test("shows the environment's real Keycloak host, token endpoint and gateway URLs", () => {
    expect(readme).toContain(new URL(charts.identity.outputs.baseUrl).host);
    expect(readme).toContain(charts.identity.outputs.tokenUrl);
    for (const api of charts.gateway.apis) expect(readme).toContain(`${api.gatewayURL}${api.calls[0].split(' ')[1]}`);
  });

  test('lists every model and every plan of every model with its limits', () => {
    for (const model of env.models) expect(readme).toMatch(new RegExp(`^\\| ${model.name} \\| ${model.namespace} \\|`, 'm'));
    for (const api of charts.gateway.apis) {
      for (const plan of Object.values(api.plans)) {
        const limits = plan.limits.map((l) => `${l.value} ${l.metricMethodRef} / ${l.period}`).join('<br>');
        expect(readme).toContain(`| ${api.model} | ${plan.name} (`);
        expect(readme).toContain(limits);
      }
    }
  });

  test('shows per model the hop to its pods: host, port, scheme and the NetworkPolicy that admits it', () => {
    for (const e of charts.serving.endpoints) {
      const hop = `| \`${new URL(e.internalUrl).hostname}\` | ${e.port} | ${e.scheme} | `;
      const rows = readme.split('\n').filter((line) => line.startsWith(`| ${e.name} | `) && line.includes(hop));
      expect({ model: e.name, found: rows.length > 0 }).toEqual({ model: e.name, found: true });
      expect(rows.join('\n')).toMatch(/`allow-gateway-to-models`|none of ours/);
    }
  });

  test('lists every data connection a model needs as a checked prerequisite, once per namespace and key, naming the models', () => {
    for (const model of env.models.filter((m) => m.storage !== undefined)) {
      const rows = readme.split('\n').filter((l) => l.includes(`\`${model.storage!.key}\``) && l.includes(`\`oc -n ${model.namespace} get secret storage-config`));
      expect({ model: model.name, rows: rows.length }).toEqual({ model: model.name, rows: 1 });
      expect(rows[0]).toMatch(new RegExp(`^\\| data connection \`${model.storage!.key}\` for models? (\`[^\`]+\`, )*\`${model.name}\``));
    }
  });

  test('says that Serverless namespaces are not gateway-only exactly when there are Serverless models', () => {
    expect(readme.includes('**Serverless namespaces are not gateway-only**')).toBe(env.models.some((m) => m.deploymentMode === 'Serverless'));
  });
});

describe('flowchartProblems', () => {
  test('finds a label broken by a quote and an edge to an unknown node', () => {
    expect(flowchartProblems(['flowchart LR', '  a["say "hi""]', '  b["ok"]', '  b -->|"x"| c'])).toEqual([
      'not a node or an edge:   a["say "hi""]',
      'edge to undefined node c:   b -->|"x"| c',
    ]);
  });
});

describe('environmentReadme', () => {
  test('writes a quote in a label as #quot;, which Mermaid shows as a quote', () => {
    const env = ENVIRONMENTS[0];
    const charts = buildCharts(new App(), env);
    const identity = { ...charts.identity.outputs, realm: 'realm "x"' };
    const text = environmentReadme({ env, identity, endpoints: charts.serving.endpoints, apis: charts.gateway.apis, plan: charts.smoke.plan, files: [] });
    expect(mermaidBlock(text)).toContain(`  keycloak["Keycloak realm realm #quot;x#quot;<br>${new URL(identity.baseUrl).host}"]`);
    expect(flowchartProblems(mermaidBlock(text))).toEqual([]);
  });
});

describe('environmentReadme: Secrets', () => {
  const env = ENVIRONMENTS[0];
  const charts = buildCharts(new App(), env);
  const props = { env, identity: charts.identity.outputs, endpoints: charts.serving.endpoints, apis: charts.gateway.apis, plan: charts.smoke.plan, files: [] };
  const readme = (objects: object[]) =>
    environmentReadme({ ...props, objects: objects as never });
  const job = {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'check', namespace: 'ns' },
    spec: { template: { spec: { containers: [{ name: 'c', envFrom: [{ secretRef: { name: 'creds' } }] }] } } },
  };

  test('GIVEN a Secret read but created by nothing WHEN rendered THEN its row says to provide it and names the reader', () => {
    expect(readme([job])).toContain('| `ns/creds` | **nothing: provide it** | Job ns/check |');
  });

  test('GIVEN the Secret generated in the cluster WHEN rendered THEN its row names the ExternalSecret and the generator', () => {
    const generated = {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'creds', namespace: 'ns' },
      spec: { target: { name: 'creds' }, dataFrom: [{ sourceRef: { generatorRef: { kind: 'Password', name: 'creds' } } }] },
    };
    expect(readme([job, generated])).toContain('| `ns/creds` | generated in the cluster (ExternalSecret creds, Password generator) | Job ns/check |');
  });

  test('GIVEN no objects WHEN rendered THEN there is no Secrets section', () => {
    expect(environmentReadme(props)).not.toContain('## Secrets');
  });

  test('GIVEN a consumer subscribed to nothing WHEN rendered THEN its row says none', () => {
    const withConsumer = { ...env, gateway: { ...env.gateway, consumers: [{ name: 'team-x', organization: 'Team X', email: 'x@example.com', products: {} }] } };
    const text = environmentReadme({ ...props, env: withConsumer, apis: [] });
    expect(text).toContain('| team-x | Team X | x@example.com | none |');
  });
});
