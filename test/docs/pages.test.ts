import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../lib/config/load';
import { EXAMPLE_ENVIRONMENTS } from '../../lib/docs/docs-files';
import { renderEnvironments } from '../../lib/render';
import { ROOT } from '../helpers';

/** Statements of docs/*.md about the render that are links rather than tables: checked against the example environments. */

const tree = renderEnvironments(loadEnvironments(join(ROOT, EXAMPLE_ENVIRONMENTS), ROOT));

interface Rule {
  readonly alert?: string;
  readonly annotations?: Record<string, string>;
}

describe('docs/monitoring.md', () => {
  const page = readFileSync(join(ROOT, 'docs', 'monitoring.md'), 'utf8');
  const sections = [...page.matchAll(/^### (MaaS\w+)$/gm)].map((m) => m[1]);
  const rules = [...tree]
    .filter(([file]) => file.split('/')[1] === 'monitoring' && file.split('/').pop()!.startsWith('prometheusrule.'))
    .flatMap(([file, text]) => (parse(text) as { spec: { groups: Array<{ rules: Rule[] }> } }).spec.groups.flatMap((g) => g.rules.map((rule) => ({ file, rule }))));

  test('the example environments render alerts (else this test checks nothing)', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  test("every rendered alert has a runbook section, and its runbook_url is that section's anchor on this page", () => {
    const wrong = rules
      .filter(({ rule }) => rule.alert !== undefined)
      .filter(({ rule }) => !sections.includes(rule.alert!) || !rule.annotations?.runbook_url?.endsWith(`/docs/monitoring.md#${rule.alert!.toLowerCase()}`))
      .map(({ file, rule }) => `${file}: ${rule.alert} (${rule.annotations?.runbook_url})`);
    expect(wrong).toEqual([]);
  });

  test('every runbook section is of an alert the code renders', () => {
    const rendered = new Set(rules.map(({ rule }) => rule.alert));
    expect(sections.filter((s) => !rendered.has(s))).toEqual([]);
  });
});
