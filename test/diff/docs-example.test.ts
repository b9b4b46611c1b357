import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRevisions } from '../../lib/diff/compare';
import { formatText } from '../../lib/diff/format';
import { ROOT } from '../helpers';
import { namespace, product, promote, revision } from './fixtures';

const subscription = (name: string, channel: string) => ({
  apiVersion: 'operators.coreos.com/v1alpha1',
  kind: 'Subscription',
  metadata: { name, namespace: 'maas-3scale' },
  spec: { channel, installPlanApproval: 'Manual', name, source: 'redhat-operators', sourceNamespace: 'openshift-marketplace' },
});
const promotes = (name: string) => ({ ...promote(false), metadata: { name: `${name}-api`, namespace: 'maas-3scale' }, spec: { productCRName: `${name}-api`, production: false } });
const KEEP = { 'staging/serving/namespace.maas-models.yaml': namespace('maas-models') };

/**
 * The example of docs/review.md: in dev a community operator replaces 3scale's and two promotions are added;
 * in prod a plan limit is raised.
 */
const OUTPUT = formatText({
  base: 'main (merge base 3024d3e)',
  environments: compareRevisions(
    revision(
      { ...KEEP, 'dev/gateway/s.yaml': subscription('3scale-operator', 'threescale-2.15'), 'prod/gateway/p.yaml': product({ basic: [{ period: 'minute', value: 10 }], gold: [{ period: 'minute', value: 100 }] }) },
      { dev: 'dev', staging: 'staging', prod: 'prod' },
    ),
    revision(
      {
        ...KEEP,
        'dev/gateway/s.yaml': subscription('3scale-community-operator', 'threescale-2.15'),
        'dev/gateway/a.yaml': promotes('iris'),
        'dev/gateway/b.yaml': promotes('granite-chat'),
        'prod/gateway/p.yaml': product({ basic: [{ period: 'minute', value: 10 }], gold: [{ period: 'minute', value: 1000 }] }),
      },
      { dev: 'dev', staging: 'staging', prod: 'prod' },
    ),
  ),
});

test('docs/review.md shows what npm run diff prints for its example (else paste the text printed here between its fences)', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'review.md'), 'utf8');
  const shown = /## Reading the output\n[\s\S]*?\n```\n([\s\S]*?)```\n/.exec(docs)?.[1];
  if (shown !== OUTPUT) console.log(OUTPUT);
  expect(shown).toBe(OUTPUT);
});
