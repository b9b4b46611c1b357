import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/config/load';
import { docsContext, DOC_FILES, EXAMPLE_ENVIRONMENTS } from '../lib/docs/docs-files';
import { refreshMarkdown } from '../lib/docs/fragments';

/** `npm run docs`: rewrites the generated fragments of README.md and docs/*.md from the code and the example environments. */
function main(): number {
  const root = process.cwd();
  const environments = loadEnvironments(join(root, EXAMPLE_ENVIRONMENTS), root);
  const ctx = docsContext(environments, (name) => readFileSync(join(root, EXAMPLE_ENVIRONMENTS, `${name}.yaml`), 'utf8'));
  const refreshed: string[] = [];
  for (const file of DOC_FILES(readdirSync(join(root, 'docs')))) {
    const path = join(root, file);
    const result = refreshMarkdown(readFileSync(path, 'utf8'), ctx);
    if (result.changed.length > 0) {
      writeFileSync(path, result.text);
      refreshed.push(`${file} (${result.changed.join(', ')})`);
    }
  }
  console.log(refreshed.length === 0 ? 'docs: every generated fragment is current' : `docs: refreshed ${refreshed.join('; ')}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
