import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/load';
import { environmentFields } from '../../lib/config/schema';
import { EXAMPLE_ENVIRONMENTS } from '../../lib/docs/docs-files';
import { renderEnvironments } from '../../lib/render';
import { ROOT } from '../helpers';

/**
 * The environment-file snippets of README.md and docs/*.md are real: each loads and renders on top of the staging
 * example environment, and every rendered file a page names right after a snippet is in that render.
 */

/** The example environment the snippets are added to: it has every runtime the snippets name. */
const BASE = 'staging';
/**
 * The staging example with its Serverless model in a namespace of its own, as the shipped environments have it:
 * a model the snippets replace then shares no namespace with a Serverless one unless the snippet says so.
 */
function base(): Record<string, unknown> {
  const env = parse(readFileSync(join(ROOT, EXAMPLE_ENVIRONMENTS, `${BASE}.yaml`), 'utf8')) as { models: Array<Record<string, unknown>> };
  for (const model of env.models) {
    if (model.deploymentMode === 'Serverless') model.namespace = `${String(model.namespace)}-serverless`;
    else delete model.networkIsolation;
  }
  return env;
}
const PAGES = ['README.md', 'docs/gateway.md', 'docs/monitoring.md', 'docs/serving.md'];
const SECTIONS = new Set(Object.keys(environmentFields.shape));

/** A snippet: a YAML block whose top-level keys are all sections of an environment file, and the text after it. */
interface Snippet {
  readonly where: string;
  readonly yaml: Record<string, unknown>;
  /** The page's lines after the block, up to the next block or heading: where it names the files that appear. */
  readonly after: string;
}

function snippets(page: string): Snippet[] {
  const lines = readFileSync(join(ROOT, page), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```yaml') continue;
    const close = lines.indexOf('```', i + 1);
    const yaml = parse(lines.slice(i + 1, close).join('\n')) as Record<string, unknown>;
    let next = close + 1;
    while (next < lines.length && !lines[next].startsWith('#') && !lines[next].startsWith('```')) next++;
    if (Object.keys(yaml).every((key) => SECTIONS.has(key))) found.push({ where: `${page}:${i + 2}`, yaml, after: lines.slice(close + 1, next).join('\n') });
    i = close;
  }
  return found;
}

/** Deep merge; a list of named items takes each item of the change in place of the item of that name (or appended). */
function merge(base: unknown, change: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(change) && change.every((item) => isObject(item) && 'name' in item)) {
    const merged = [...base];
    for (const item of change as Array<{ name: string }>) {
      const at = merged.findIndex((b) => (b as { name?: string }).name === item.name);
      if (at < 0) merged.push(item);
      else merged[at] = item;
    }
    return merged;
  }
  if (isObject(base) && isObject(change)) {
    return Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(change)])].map((k) => [k, k in change ? merge(base[k], change[k]) : base[k]]));
  }
  return change;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const all = PAGES.flatMap(snippets);

test('the pages have environment snippets to check', () => {
  expect(all.map((s) => s.where.split(':')[0])).toEqual(expect.arrayContaining(PAGES));
});

test.each(all.map((s) => [s.where, s] as const))('the snippet at %s loads and renders on the staging example, whose files it names (else fix the page)', (_where, snippet) => {
  const loaded = parseEnvironment(BASE, stringify(merge(base(), snippet.yaml)));
  expect(loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([]);
  if (!loaded.ok) return;
  const files = [...renderEnvironments([loaded.environment]).keys()].map((f) => f.split('/').pop());
  // Files the page names after the snippet (placeholders such as <ns> aside) are rendered.
  const named = [...snippet.after.matchAll(/`(?:dist\/<env>\/\w+\/)?([a-z0-9.-]+\.yaml)`/g)].map((m) => m[1]);
  expect(named.filter((f) => !files.includes(f))).toEqual([]);
});
