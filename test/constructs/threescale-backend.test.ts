import { Testing } from 'cdk8s';
import { PREDICT_METHODS } from '../../lib/config/gateway';
import { ThreescaleBackend } from '../../lib/constructs/threescale-backend';

function render(friendlyName?: string) {
  const chart = Testing.chart();
  const backend = new ThreescaleBackend(chart, 'Backend', {
    name: 'granite-chat-backend',
    namespace: 'apim',
    friendlyName,
    privateBaseURL: 'http://granite-chat-predictor.models.svc.cluster.local',
    methods: PREDICT_METHODS,
    providerAccountSecretName: 'tenant',
  });
  const [object] = Testing.synth(chart);
  return { backend, object };
}

describe('ThreescaleBackend', () => {
  test('GIVEN a model URL WHEN rendered THEN the Backend forwards to it', () => {
    const { object } = render();
    expect(object.spec.privateBaseURL).toBe('http://granite-chat-predictor.models.svc.cluster.local');
  });

  test('GIVEN methods WHEN rendered THEN each has a mapping rule counting it', () => {
    const { object } = render();
    expect(object.spec.methods).toEqual({ predict: { friendlyName: 'Predict' } });
    expect(object.spec.mappingRules).toEqual([{ httpMethod: 'POST', pattern: '/predict', metricMethodRef: 'predict', increment: 1 }]);
  });

  test('renders what the operator writes back: systemName and the hits metric', () => {
    const { backend, object } = render();
    expect(object.spec.systemName).toBe('granite-chat-backend');
    expect(backend.systemName).toBe('granite-chat-backend');
    expect(object.spec.metrics).toEqual({ hits: { friendlyName: 'Hits', unit: 'hit', description: 'Number of API hits' } });
  });

  test('refers to the tenant Secret and renders no credentials', () => {
    const { object } = render();
    expect(object.spec.providerAccountRef).toEqual({ name: 'tenant' });
  });

  test('friendlyName defaults to the name', () => {
    expect(render().object.spec.name).toBe('granite-chat-backend');
    expect(render('Granite').object.spec.name).toBe('Granite');
  });
});
