import { ensureSchemaDir, SchemaError } from '../scripts/schema-places';
import { ROOT } from './helpers';

/**
 * Before any test file: the pinned schema files are where every command looks for them, fetched into the user
 * cache when no place has them (as the validator does). Offline, the message says what to do and the tests that
 * read schemas fail; the others still run.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await ensureSchemaDir(ROOT, { log: (line) => process.stderr.write(`\n${line}\n`) });
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    process.stderr.write(`\njest global setup: ${error.message}\n`);
  }
}
