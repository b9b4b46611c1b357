import type { Environment } from '../config/schema';
import { renderEnvironments } from '../render';
import type { DocsContext } from './fragments';

/**
 * The environments README.md and docs/*.md show: frozen copies of the shipped ones (their header says so), so that
 * adding a model or an environment to `environments/` never makes the project's docs stale. Each environment's own
 * values are in its generated `dist/<env>/README.md`.
 */
export const EXAMPLE_ENVIRONMENTS = 'test/fixtures/environments';

/** The markdown files that may hold generated fragments: README.md and every docs/*.md (given docs/'s file names). */
export function DOC_FILES(docsFolder: readonly string[]): string[] {
  return ['README.md', ...docsFolder.filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
}

/** The fragments' context for a set of environments: their files' text and their render. */
export function docsContext(environments: readonly Environment[], text: (name: string) => string, folder = EXAMPLE_ENVIRONMENTS): DocsContext {
  return { environments, folder, texts: new Map(environments.map((env) => [env.name, text(env.name)])), tree: renderEnvironments(environments) };
}
