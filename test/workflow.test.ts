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
  return [...script.matchAll(/^\s*(npm (ci|test|run( --silent)? \w+))/gm)].map((m) => m[1]);
}

describe('pull-request workflow', () => {
  test('runs what CI runs (.ci/run), plus only the render and the diff', () => {
    expect(npmCommands(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'))).toEqual(['npm ci', 'npm test']);
    expect(steps.flatMap((s) => npmCommands(s.run ?? ''))).toEqual(['npm ci', 'npm test', 'npm run synth', 'npm run --silent diff']);
  });

  test('pins every action by commit', () => {
    const unpinned = steps.filter((s) => s.uses !== undefined && !/@[0-9a-f]{40}$/.test(s.uses));
    expect(unpinned).toEqual([]);
  });

  test('may read the code and write pull-request comments, nothing else', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });
});
