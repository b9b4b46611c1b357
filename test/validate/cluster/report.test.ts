// The tables: in `npm run validate` (text) and in `npm run diff` (markdown, only when they change).
import { clusterTablesThatChange, markdownClusterReport, modelEnvironment } from '../../../lib/validate/cluster';
import { toYaml } from '../../../lib/render';
import { at, baseTree, manifestsOf } from './fixture';

const rendered = (tree: Map<string, any>) => new Map([...tree].map(([path, object]) => [`test/${path}`, toYaml(object)]));

test('the markdown tables: one sync table and one path table per model', () => {
  const markdown = markdownClusterReport(modelEnvironment(manifestsOf(baseTree()), { name: 'test' }));
  expect(markdown).toContain('#### Cluster model: test (Argo CD 2.13)\n\nFirst sync from an empty cluster:\n\n| wave | objects | result |\n|---|---|---|\n| 0 | 3 Namespace, 2 OperatorGroup | passes |\n');
  expect(markdown).toContain('Path of maas-models/granite (RawDeployment):\n\n| hop | target | port | TLS | admitted by |\n|---|---|---|---|---|\n');
  expect(markdown).toContain('| backend | granite-predictor.maas-models.svc.cluster.local (headless Service, created by InferenceService granite) | 8080 | http | NetworkPolicy allow-gateway-to-models |');
});

test('npm run diff shows the tables only when they change', () => {
  expect(clusterTablesThatChange(rendered(baseTree()), rendered(baseTree()), true)).toBe('');
  const after = baseTree();
  at(after, 'gateway/backend.yaml').spec.privateBaseURL = 'http://granite-predictor.maas-models.svc.cluster.local';
  const markdown = clusterTablesThatChange(rendered(baseTree()), rendered(after), true);
  expect(markdown).toMatch(/^\n### Cluster model \(tables that change\)\n\n#### Cluster model: test/);
  expect(markdown).toContain('| backend | granite-predictor.maas-models.svc.cluster.local (headless Service, created by InferenceService granite) | 80 | http | NetworkPolicy allow-gateway-to-models |');
  expect(clusterTablesThatChange(rendered(baseTree()), rendered(after), false)).toMatch(/^\nCluster model \(tables that change\):\ncluster model: test \(Argo CD 2\.13\)\n/);
});
