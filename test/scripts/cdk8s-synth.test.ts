import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, ROOT, tempDir, treeDifferences } from '../helpers';

// The stock cdk8s path: `cdk8s synth` runs cdk8s.yaml's app (ts-node --swc main.ts) with CDK8S_OUTDIR set.
test('`npx cdk8s synth` renders what is committed in dist/', async () => {
  const out = join(tempDir('maas-cdk8s-synth-'), 'dist');
  try {
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile('npx', ['cdk8s', 'synth', '--no-check-upgrade', '--output', out], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: '' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }));
    });
    expect(result.output).toContain('Synthesizing application');
    expect(result.code).toBe(0);
    expect(treeDifferences(readTree(join(ROOT, 'dist')), readTree(out))).toEqual([]);
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
}, 120_000);
