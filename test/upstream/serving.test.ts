import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_EFFECTS, SERVING_EFFECTS } from '../../lib/upstream/controller-effects';
import { DEFAULT_DEPLOYMENT_MODE, DEPLOYMENT_MODES, SERVING_MODES, deploymentModeOf, modelAddress, servingModesMarkdown } from '../../lib/upstream/serving';
import { SOURCE_PATTERN } from '../../lib/upstream/types';
import { ROOT } from '../helpers';

describe('the serving table per deployment mode', () => {
  test('every cell cites "owner/repo path@version"', () => {
    const bad = DEPLOYMENT_MODES.flatMap((mode) =>
      Object.entries(SERVING_MODES[mode]).filter(([, cell]) => !SOURCE_PATTERN.test(cell.source)).map(([key]) => `${mode}.${key}`));
    expect(bad).toEqual([]);
  });

  test('the address of each mode is the URL its row states', () => {
    for (const mode of DEPLOYMENT_MODES) {
      const expected = SERVING_MODES[mode].url.value.replace('{isvc}', 'iris').replace('{namespace}', 'models').replace('{containerPort}', '9000');
      expect(modelAddress(mode, 'iris', 'models', 9000).url).toBe(expected);
    }
  });

  test('docs/serving.md shows the table as the code states it', () => {
    expect(readFileSync(join(ROOT, 'docs', 'serving.md'), 'utf8')).toContain(servingModesMarkdown());
  });

  test('the InferenceService row says which Service each mode creates', () => {
    const row = SERVING_EFFECTS.find((r) => r.kind === 'serving.kserve.io/InferenceService');
    const isvc = (mode: string) => ({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'iris', namespace: 'models', annotations: { 'serving.kserve.io/deploymentMode': mode } } });
    expect(row?.creates(isvc('RawDeployment'))).toMatchObject([
      { name: 'iris-predictor', service: { headless: true }, pods: { labels: { app: 'isvc.iris-predictor' } } },
      { kind: 'apps/Deployment', name: 'iris-predictor' },
    ]);
    expect(row?.creates(isvc('Serverless'))).toMatchObject([
      { name: 'iris-predictor', meshOnly: true },
      { name: 'iris', service: { headless: false, ports: [{ port: 443, scheme: 'https' }] } },
      { kind: 'networking.k8s.io/NetworkPolicy', name: 'allow-from-openshift-monitoring-ns' },
      { kind: 'networking.k8s.io/NetworkPolicy', name: 'allow-openshift-ingress' },
      { kind: 'networking.k8s.io/NetworkPolicy', name: 'allow-from-opendatahub-ns', networkPolicy: { podSelector: {}, policyTypes: ['Ingress'] } },
    ]);
    expect(row?.creates(isvc('ModelMesh'))).toMatchObject([{ name: 'modelmesh-serving', service: { headless: true }, pods: { labels: { 'modelmesh-service': 'modelmesh-serving' } } }]);
    expect(row?.statuses(isvc('Serverless')).at(-1)).toMatchObject({ address: { url: 'https://iris.models.svc.cluster.local' } });
  });

  test('without the annotation a model is Serverless, the DataScienceCluster default (opendatahub-operator kserve_controller_actions.go@v2.22.0)', () => {
    expect(deploymentModeOf({ apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'iris' } })).toBe('Serverless');
    expect(DEFAULT_DEPLOYMENT_MODE.source).toBe('opendatahub-io/opendatahub-operator controllers/components/kserve/kserve_controller_actions.go@v2.22.0');
  });
});

describe('the OpenShift rows the request path relies on (PLATFORM_EFFECTS)', () => {
  test('a Service asking for a serving certificate gets a TLS Secret of that name (service-ca-operator api.go@release-4.16)', () => {
    const row = PLATFORM_EFFECTS.find((r) => r.kind === 'core/Service');
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'gate', namespace: 'models', annotations: { 'service.beta.openshift.io/serving-cert-secret-name': 'gate-tls' } } };
    expect(row?.creates(service)).toEqual([{ kind: 'core/Secret', name: 'gate-tls', namespace: 'models', secretKeys: ['tls.crt', 'tls.key'], when: 'reconciled' }]);
    expect(row?.creates({ ...service, metadata: { name: 'plain', namespace: 'models' } })).toEqual([]);
  });
});
