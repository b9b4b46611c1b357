import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_EFFECTS, SERVING_EFFECTS } from '../../lib/upstream/controller-effects';
import { DEPLOYMENT_MODES, SERVING_MODES, modelAddress, servingModesMarkdown } from '../../lib/upstream/serving';
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
    expect(row?.creates(isvc('RawDeployment'))).toMatchObject([{ name: 'iris-predictor', service: { headless: true } }]);
    expect(row?.creates(isvc('Serverless'))).toMatchObject([{ name: 'iris', service: { headless: false, ports: [{ port: 443, scheme: 'https' }] } }]);
    expect(row?.creates(isvc('ModelMesh'))).toMatchObject([{ name: 'modelmesh-serving', service: { headless: true } }]);
    expect(row?.statuses(isvc('Serverless')).at(-1)).toEqual({ address: { url: 'https://iris.models.svc.cluster.local' } });
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
