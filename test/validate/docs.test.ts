import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_RULES, REFERENCE_RULES } from '../../lib/validate';
import { ROOT } from './helpers';

test('docs/validation.md lists every rule id with its description', () => {
  const docs = readFileSync(join(ROOT, 'docs/validation.md'), 'utf8');
  for (const rule of [...POLICY_RULES, ...REFERENCE_RULES]) {
    expect(docs).toContain(`| \`${rule.id}\` | ${rule.description} |`);
  }
});
