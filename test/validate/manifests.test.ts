import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toYaml } from '../../lib/render';
import { formatFinding, readManifests, type RenderedFile } from '../../lib/validate/manifests';
import { command } from '../helpers';
import { copy, rendered, route } from './fixtures';
import { CRDS_DIR, ROOT } from './helpers';

const file = (path: string, text: string): RenderedFile => ({ path: `dist/prod/fixtures/${path}`, environment: 'prod', text });
const findings = (files: RenderedFile[]) => readManifests(files).findings.map(formatFinding);

describe('readManifests reports what the render never writes and the cluster refuses', () => {
  test('an empty manifest file', () => {
    expect(findings([file('empty.yaml', ''), file('comment.yaml', '# nothing\n')])).toEqual([
      'dist/prod/fixtures/empty.yaml:1:1 yaml: holds no object; the render writes exactly one object per file',
      'dist/prod/fixtures/comment.yaml:1:1 yaml: holds no object; the render writes exactly one object per file',
    ]);
  });

  test('two objects in one file', () => {
    const other = copy(route);
    other.metadata.name = 'other';
    expect(findings([file('two.yaml', `${toYaml(route)}---\n${toYaml(other)}`)])).toEqual([
      'dist/prod/fixtures/two.yaml:18:1 yaml: holds 2 objects; the render writes exactly one object per file',
    ]);
  });

  test('the same object in two files of one environment (not across environments)', () => {
    const staging = rendered(route, 'staging');
    expect(findings([rendered(route), file('copy.yaml', toYaml(route)), staging])).toEqual([
      'dist/prod/fixtures/copy.yaml:4:3 Route/maas-models/granite-chat /metadata/name: duplicate: the same object is in dist/prod/fixtures/route.maas-models.granite-chat.yaml; Argo CD would apply one of them, unpredictably',
    ]);
  });

  test('annotations over 256 KiB, and ConfigMap data over 1 MiB', () => {
    const big = copy(route);
    big.metadata.annotations = { note: 'x'.repeat(1024 * 1024) };
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'ns' }, data: { a: 'x'.repeat(1024 * 1024) } };
    expect(findings([file('big.yaml', toYaml(big)), file('cm.yaml', toYaml(configMap))])).toEqual([
      'dist/prod/fixtures/big.yaml:6:3 Route/maas-models/granite-chat /metadata/annotations: size: the annotations hold 1048580 bytes; the API server accepts at most 262144 (256 KiB) in total',
      'dist/prod/fixtures/cm.yaml:6:1 ConfigMap/ns/big /data: size: the data hold 1048577 bytes; a ConfigMap holds at most 1048576 (1 MiB)',
    ]);
  });

  test('strings go-yaml misreads', () => {
    expect(findings([file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  channel: 0o17\n')])).toEqual([
      'dist/prod/fixtures/cm.yaml:6:12 go-yaml: go-yaml (kubectl, Argo CD) reads the plain "0o17" as a number, not as the string; quote it',
    ]);
  });
});

describe('npm run validate', () => {
  test('an environment file with a YAML error does not crash it', () => {
    // GIVEN a rendered object of dev, and dev's environment file broken
    const dir = mkdtempSync(join(tmpdir(), 'maas-validate-env-'));
    try {
      const file = rendered(route, 'dev');
      mkdirSync(join(dir, 'dist', 'dev', 'fixtures'), { recursive: true });
      writeFileSync(join(dir, file.path), file.text);
      mkdirSync(join(dir, 'environments'));
      writeFileSync(join(dir, 'environments', 'dev.yaml'), 'stage: [unclosed\n');

      // WHEN (the CLI as `npm run validate` runs it, with the validator cache `npm test` filled)
      const result = spawnSync(process.execPath, [command('validate'), '--dist', join(dir, 'dist'), '--environments', join(dir, 'environments')], {
        cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', MAAS_CRDS_DIR: CRDS_DIR },
      });

      // THEN it validates, without a stack trace
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toMatch(/^validate: 1 objects in 1 files \(1 environments\)/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
