import { Testing } from 'cdk8s';
import { ModelServingRuntime, type ModelServingRuntimeProps } from '../../lib/constructs/serving-runtime';

const MINIMAL: ModelServingRuntimeProps = {
  name: 'vllm',
  namespace: 'models',
  image: 'quay.io/modh/vllm@sha256:3c56d4c2a5a9565e8b07ba17a6624290c4fb39ac9097b99b946326c09a8b40c8',
  supportedModelFormats: [{ name: 'vLLM' }],
};

function render(props: Partial<ModelServingRuntimeProps> = {}) {
  const chart = Testing.chart();
  const runtime = new ModelServingRuntime(chart, 'Runtime', { ...MINIMAL, ...props });
  const [object] = Testing.synth(chart);
  return { runtime, object };
}

describe('ModelServingRuntime defaults', () => {
  test('GIVEN only the required props WHEN rendered THEN it is a single-model runtime shown in the dashboard under its name', () => {
    const { object } = render();
    expect(object.apiVersion).toBe('serving.kserve.io/v1alpha1');
    expect(object.metadata).toEqual({
      name: 'vllm',
      namespace: 'models',
      labels: { 'opendatahub.io/dashboard': 'true' },
      annotations: { 'openshift.io/display-name': 'vllm', 'opendatahub.io/apiProtocol': 'REST' },
    });
    expect(object.spec.multiModel).toBe(false);
  });

  test('GIVEN no port WHEN rendered THEN the kserve-container listens on 8080 and metrics are scraped there', () => {
    const { object, runtime } = render();
    expect(runtime.containerPort).toBe(8080);
    expect(object.spec.containers).toEqual([
      { name: 'kserve-container', image: MINIMAL.image, ports: [{ containerPort: 8080, protocol: 'TCP' }] },
    ]);
    expect(object.spec.annotations).toEqual({ 'prometheus.kserve.io/port': '8080', 'prometheus.kserve.io/path': '/metrics' });
  });

  test('GIVEN a format without autoSelect WHEN rendered THEN KServe may select the runtime automatically', () => {
    const { object } = render();
    expect(object.spec.supportedModelFormats).toEqual([{ name: 'vLLM', autoSelect: true }]);
  });
});

describe('ModelServingRuntime', () => {
  test('GIVEN command, args and env WHEN rendered THEN the container has them, env sorted by name', () => {
    const { object } = render({
      command: ['python', '-m', 'vllm.entrypoints.openai.api_server'],
      args: ['--port=8080'],
      env: { VLLM_LOGGING_LEVEL: 'INFO', HF_HOME: '/tmp/hf_home' },
    });
    const [container] = object.spec.containers;
    expect(container.command).toEqual(['python', '-m', 'vllm.entrypoints.openai.api_server']);
    expect(container.args).toEqual(['--port=8080']);
    expect(container.env).toEqual([
      { name: 'HF_HOME', value: '/tmp/hf_home' },
      { name: 'VLLM_LOGGING_LEVEL', value: 'INFO' },
    ]);
  });

  test('GIVEN recommended accelerators WHEN rendered THEN the dashboard annotation lists them as JSON', () => {
    const { object } = render({ recommendedAccelerators: ['nvidia.com/gpu'] });
    expect(object.metadata.annotations['opendatahub.io/recommended-accelerators']).toBe('["nvidia.com/gpu"]');
  });
});
