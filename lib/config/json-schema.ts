import { z } from 'zod';
import { environmentFields } from './schema';

/**
 * The environment files' JSON Schema, for editors (`# yaml-language-server: $schema=...`). It describes the
 * file as written, so fields with defaults are optional. Semantic rules (stage-dependent checks, unique
 * names) are enforced by the loader only.
 */
export function environmentJsonSchema(): string {
  const schema = z.toJSONSchema(environmentFields, { io: 'input', target: 'draft-2020-12' });
  return JSON.stringify({ ...schema, title: 'MaaS environment file' }, null, 2) + '\n';
}
