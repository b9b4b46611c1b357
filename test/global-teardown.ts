import { rmSync } from 'node:fs';

/** Removes the run's TMPDIR (test/global-setup.ts), and with it whatever the tests left there. */
export default function globalTeardown(): void {
  const scratch = process.env.MAAS_JEST_TMPDIR;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
