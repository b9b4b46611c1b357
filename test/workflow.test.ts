import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './helpers';

interface Step {
  readonly uses?: string;
  readonly run?: string;
}

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'pull-request.yaml'), 'utf8'));
const steps: Step[] = workflow.jobs.review.steps;
/** The npm commands a script runs (at the start of a line), e.g. `npm test`. */
function npmCommands(script: string): string[] {
  return [...script.matchAll(/^\s*(npm (ci|test|run( --silent)? [\w-]+))/gm)].map((m) => m[1]);
}

describe('pull-request workflow', () => {
  test('runs what CI runs (.ci/run), plus only the render and the diff', () => {
    expect(npmCommands(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'))).toEqual(['npm ci', 'npm test']);
    expect(steps.flatMap((s) => npmCommands(s.run ?? ''))).toEqual(['npm ci', 'npm run fetch-crds', 'npm test', 'npm run synth', 'npm run --silent diff']);
  });

  test('runs on every Node major that package.json engines accepts; the diff is posted once, from the .nvmrc version', () => {
    const engines: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
    const majors = [...engines.matchAll(/\^(\d+)\./g)].map((m) => Number(m[1]));
    expect(workflow.jobs.review.strategy.matrix.node).toEqual(majors);
    const nvmrc = Number(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim());
    expect(majors).toContain(nvmrc);
    const once = steps.filter((s) => /npm run --silent diff|createComment/.test(s.run ?? (s as { with?: { script?: string } }).with?.script ?? ''));
    expect(once.map((s) => (s as { if?: string }).if)).toEqual([
      `matrix.node == ${nvmrc}`, `matrix.node == ${nvmrc} && github.event.pull_request.head.repo.full_name == github.repository`]);
  });

  test('caches the schema files under the key of schema-pins.json, where the commands look for them', () => {
    const cache = steps.find((s) => s.uses?.startsWith('actions/cache@')) as { with: { path: string; key: string } };
    expect(cache.with.key).toBe("maas-schemas-${{ hashFiles('schema-pins.json') }}");
    expect(cache.with.path.trim().split('\n')).toEqual(['~/.cache/maas-gitops/crds', '~/.cache/maas-gitops/apicast-policies', '~/.cache/maas-gitops/crds.sha256']);
  });

  test('pins every action by commit', () => {
    const unpinned = steps.filter((s) => s.uses !== undefined && !/@[0-9a-f]{40}$/.test(s.uses));
    expect(unpinned).toEqual([]);
  });

  test('may read the code and write pull-request comments, nothing else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });
});
