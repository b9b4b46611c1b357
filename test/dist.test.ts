import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentJsonSchema } from '../lib/config/json-schema';
import { loadEnvironments } from '../lib/config/load';
import { renderEnvironments } from '../lib/render';
import { readTree, ROOT, treeDifferences } from './helpers';

describe('committed output', () => {
  test('dist/ is what the environments render today', () => {
    // GIVEN the committed environments and dist/
    const environments = loadEnvironments(join(ROOT, 'environments'), ROOT);

    // WHEN they are rendered afresh
    const fresh = renderEnvironments(environments);

    // THEN every file matches, and no file is missing or left over
    const differences = treeDifferences(fresh, readTree(join(ROOT, 'dist')));
    if (differences.length > 0) {
      throw new Error(`dist/ is not current; run \`npm run synth\` and commit dist/:\n  ${differences.join('\n  ')}`);
    }
  });

  test('environments/environment.schema.json is what the schema exports today', () => {
    const committed = readFileSync(join(ROOT, 'environments', 'environment.schema.json'), 'utf8');
    if (committed !== environmentJsonSchema()) {
      throw new Error('environments/environment.schema.json is not current; run `npm run schema` and commit it');
    }
  });
});
