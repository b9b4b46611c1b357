import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSchemaDir, SchemaError } from '../scripts/schema-places';
import { buildCommands, ROOT } from './helpers';

/**
 * Before any test file:
 * - the pinned schema files are where every command looks for them, fetched into the user cache when no place
 *   has them (as the validator does). Offline, the message says what to do and the tests that read schemas fail;
 *   the others still run;
 * - every command's bundle in build/ is current (scripts/run.cjs: a stat per input when nothing changed), so the
 *   tests that start a command run the build/<command>.js that `npm run <command>` runs, and the validator cache
 *   they share (node_modules/.cache/maas-validate, keyed by the bundle's content) is the one `npm test` filled;
 * - TMPDIR points at a folder of this run, which test/global-teardown.ts removes: cdk8s's `Testing.app()` makes an
 *   output folder per call, and a test that dies early leaves its scratch folder. Workers and the commands the
 *   tests start inherit it.
 */
export default async function globalSetup(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'maas-jest-'));
  // As /tmp is: a test that runs a command as another user (test/write-tree.test.ts) must reach its folder here.
  chmodSync(scratch, 0o1777);
  process.env.MAAS_JEST_TMPDIR = scratch;
  process.env.TMPDIR = scratch;
  buildCommands();
  try {
    await ensureSchemaDir(ROOT, { log: (line) => process.stderr.write(`\n${line}\n`) });
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    process.stderr.write(`\njest global setup: ${error.message}\n`);
  }
}
