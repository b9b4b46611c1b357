import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTROLLER_EFFECTS } from '../../lib/upstream/controller-effects';
import { POLICY_RULES, REFERENCE_RULES } from '../../lib/validate';
import { CLUSTER_RULES } from '../../lib/validate/cluster';
import { ROOT } from './helpers';

test('docs/validation.md lists every rule id with its description', () => {
  const docs = readFileSync(join(ROOT, 'docs/validation.md'), 'utf8');
  for (const rule of [...POLICY_RULES, ...REFERENCE_RULES]) {
    expect(docs).toContain(`| \`${rule.id}\` | ${rule.description} |`);
  }
});

test('docs/validation.md lists every rule of the cluster model and every controller-effect row with its sources', () => {
  const docs = readFileSync(join(ROOT, 'docs/validation.md'), 'utf8');
  for (const rule of CLUSTER_RULES) {
    expect(docs).toContain(`| \`${rule.id}\` | ${rule.description} | ${rule.sources.map((s) => `\`${s}\``).join('<br>')} |`);
  }
  for (const row of CONTROLLER_EFFECTS.values()) {
    expect(docs).toContain(`| \`${row.kind}\` | ${row.controller} | ${row.sources.map((s) => `\`${s}\``).join('<br>')} |`);
  }
});
