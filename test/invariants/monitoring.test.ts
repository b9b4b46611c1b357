import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../lib/config/load';
import { familyOf, labelsOf } from '../../lib/monitoring/exporter-metrics';
import { dashboardQueries } from '../../lib/monitoring/dashboard';
import { readExpression } from '../../lib/monitoring/promql';
import { apiManagerApicastPodLabels, kservePredictorPodLabels, selects } from '../../lib/monitoring/target-labels';
import { renderEnvironments } from '../../lib/render';

/** Invariants of the monitoring chart over every shipped environment, rendered afresh. */

const ROOT = join(__dirname, '..', '..');
const environments = loadEnvironments(join(ROOT, 'environments'), ROOT);
const tree = renderEnvironments(environments);

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: any;
  data?: Record<string, string>;
}

function objectsOf(env: string, chart: string): Manifest[] {
  return [...tree].filter(([file]) => file.startsWith(`${env}/${chart}/`)).map(([, text]) => parse(text) as Manifest);
}

/** Every PromQL expression an environment renders: alert expressions and dashboard queries. */
function expressionsOf(env: string): Array<{ where: string; expr: string }> {
  const monitoring = objectsOf(env, 'monitoring');
  const rules = monitoring
    .filter((o) => o.kind === 'PrometheusRule')
    .flatMap((o) => o.spec.groups.flatMap((g: { rules: Array<{ alert: string; expr: string }> }) => g.rules.map((r) => ({ where: `${o.metadata.name} ${r.alert}`, expr: r.expr }))));
  const dashboards = monitoring
    .filter((o) => o.kind === 'ConfigMap')
    .flatMap((o) => Object.values(o.data ?? {}).flatMap((json) => dashboardQueries(JSON.parse(json)).map((expr) => ({ where: `dashboard ${o.metadata.name}`, expr }))));
  return [...rules, ...dashboards];
}

const optedIn = environments.filter((e) => e.monitoring.enabled).map((e) => e.name);
const optedOut = environments.filter((e) => !e.monitoring.enabled).map((e) => e.name);

test('at least one shipped environment opts in to monitoring, and one stays out to show it is opt-in', () => {
  expect(optedIn.length).toBeGreaterThan(0);
  expect(optedOut.length).toBeGreaterThan(0);
});

describe.each(optedOut)('monitoring off in %s', (env) => {
  test('renders no monitoring object', () => {
    expect(objectsOf(env, 'monitoring')).toEqual([]);
  });
});

describe.each(optedIn)('monitoring in %s', (env) => {
  const environment = environments.find((e) => e.name === env)!;
  const gatewayNamespace = environment.gateway.operator.namespace;
  const monitoring = objectsOf(env, 'monitoring');
  const serving = objectsOf(env, 'serving');
  const podMonitors = monitoring.filter((o) => o.kind === 'PodMonitor');
  const expressions = expressionsOf(env);

  test('renders the APIcast monitor, the gateway rules and the dashboard', () => {
    expect(monitoring.filter((o) => o.metadata.namespace === gatewayNamespace).map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'ConfigMap maas-dashboard',
      'PodMonitor apicast',
      'PrometheusRule maas-gateway',
    ]);
  });

  test('renders a monitor and rules for every model that is not on ModelMesh', () => {
    const expected = environment.models.filter((m) => m.deploymentMode !== 'ModelMesh').flatMap((m) => [`PodMonitor ${m.namespace}/${m.name}-metrics`, `PrometheusRule ${m.namespace}/${m.name}-alerts`]);
    const rendered = monitoring.filter((o) => o.metadata.namespace !== gatewayNamespace).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(rendered.sort()).toEqual(expected.sort());
  });

  test('every expression reads as PromQL and uses only metrics its exporters document', () => {
    const undocumented = expressions.flatMap(({ where, expr }) =>
      readExpression(expr).selectors.filter((s) => familyOf(s.metric) === undefined).map((s) => `${where}: ${s.metric}`),
    );
    expect(undocumented).toEqual([]);
    expect(expressions.length).toBeGreaterThan(10);
  });

  test('every label an expression matches or groups by is a label of the metrics it uses', () => {
    const unknown = expressions.flatMap(({ where, expr }) => {
      const refs = readExpression(expr);
      const matcherProblems = refs.selectors.flatMap((s) => s.matchers.filter((m) => !labelsOf(s.metric)?.includes(m.label)).map((m) => `${where}: ${s.metric}{${m.label}}`));
      const known = new Set(refs.selectors.flatMap((s) => labelsOf(s.metric) ?? []));
      const groupingProblems = refs.groupingLabels.filter((l) => !known.has(l)).map((l) => `${where}: by (${l})`);
      return [...matcherProblems, ...groupingProblems];
    });
    expect(unknown).toEqual([]);
  });

  test('every job an expression names is the job of a rendered PodMonitor', () => {
    const jobs = new Set(podMonitors.map((o) => `${o.metadata.namespace}/${o.metadata.name}`));
    const named = expressions.flatMap(({ where, expr }) =>
      readExpression(expr).selectors.flatMap((s) => s.matchers.filter((m) => m.label === 'job').map((m) => ({ where, job: m.value }))),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((n) => !jobs.has(n.job))).toEqual([]);
  });

  test('every rule is in the namespace of the series it reads (user-workload monitoring evaluates a rule in its own namespace)', () => {
    const rules = monitoring.filter((o) => o.kind === 'PrometheusRule');
    const outside = rules.flatMap((o) =>
      o.spec.groups[0].rules.flatMap((r: { alert: string; expr: string }) =>
        readExpression(r.expr).selectors.flatMap((s) => s.matchers)
          .filter((m) => (m.label === 'namespace' && m.value !== o.metadata.namespace) || (m.label === 'job' && !m.value.startsWith(`${o.metadata.namespace}/`)))
          .map((m) => `${o.metadata.namespace}/${o.metadata.name} ${r.alert}: ${m.label}="${m.value}"`),
      ),
    );
    expect(outside).toEqual([]);
  });

  test('the APIcast monitor selects both gateways of the APIManager on the metrics port', () => {
    const monitor = podMonitors.find((o) => o.metadata.name === 'apicast')!;
    const selector = monitor.spec.selector.matchLabels;
    expect(selects(selector, apiManagerApicastPodLabels('production'))).toBe(true);
    expect(selects(selector, apiManagerApicastPodLabels('staging'))).toBe(true);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ interval: '30s', path: '/metrics', scheme: 'http', targetPort: environment.monitoring.apicast.metricsPort }]);
  });

  test('every model monitor selects the predictor pods of a rendered InferenceService, and only those, on the runtime port', () => {
    for (const monitor of podMonitors.filter((o) => o.metadata.namespace !== gatewayNamespace)) {
      const selector = monitor.spec.selector.matchLabels;
      const isvc = serving.find((o) => o.kind === 'InferenceService' && o.metadata.namespace === monitor.metadata.namespace && selects(selector, kservePredictorPodLabels(o.metadata.name)));
      const others = serving.filter((o) => o.kind === 'InferenceService' && o !== isvc && selects(selector, kservePredictorPodLabels(o.metadata.name)));
      expect({ monitor: monitor.metadata.name, isvc: isvc?.metadata.name, others: others.length }).toEqual({ monitor: monitor.metadata.name, isvc: monitor.metadata.name.replace(/-metrics$/, ''), others: 0 });
      const endpoint = monitor.spec.podMetricsEndpoints[0];
      if ((isvc!.metadata as { annotations?: Record<string, string> }).annotations?.['serving.kserve.io/deploymentMode'] === 'Serverless') {
        // STRICT mTLS: the sidecar's merged metrics, as odh-model-controller's istio-proxies-monitor scrapes them.
        expect({ monitor: monitor.metadata.name, path: endpoint.path, container: endpoint.relabelings[0].regex })
          .toEqual({ monitor: monitor.metadata.name, path: '/stats/prometheus', container: 'istio-proxy' });
        continue;
      }
      const runtime = serving.find((o) => o.kind === 'ServingRuntime' && o.metadata.namespace === monitor.metadata.namespace && o.metadata.name === isvc!.spec.predictor.model.runtime);
      const port = runtime?.spec.containers[0].ports[0].containerPort ?? 8080;
      expect({ monitor: monitor.metadata.name, port: endpoint.targetPort }).toEqual({ monitor: monitor.metadata.name, port });
    }
  });

  test('the NetworkPolicy of every monitored model namespace admits the monitoring stack on every port, the metrics port included', () => {
    for (const namespace of new Set(podMonitors.map((o) => o.metadata.namespace).filter((n) => n !== gatewayNamespace))) {
      const policy = serving.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace && Object.keys(o.spec.podSelector).length === 0)!;
      const rules = policy.spec.ingress.filter((r: { from: unknown[] }) =>
        r.from.some((p) => JSON.stringify(p) === JSON.stringify({ namespaceSelector: { matchLabels: { 'network.openshift.io/policy-group': 'monitoring' } } })),
      );
      expect({ namespace, admitted: rules.length > 0, ports: rules.map((r: { ports?: unknown }) => r.ports) }).toEqual({ namespace, admitted: true, ports: rules.map(() => undefined) });
    }
  });

  test('the thresholds of the environment file are the ones in the expressions', () => {
    const t = environment.monitoring.alerts;
    const byAlert = new Map(expressions.map((e) => [e.where.split(' ')[1], e.expr]));
    expect(byAlert.get('MaaSGateway5xxRatioHigh')).toMatch(new RegExp(` > ${t.gateway5xxRatio}$`));
    expect(byAlert.get('MaaSGatewayAuthFailuresHigh')).toMatch(new RegExp(` > ${t.authFailureRatio}$`));
    expect(byAlert.get('MaaSGatewayRateLimited')).toMatch(new RegExp(` > ${t.rateLimitedRatio}$`));
    for (const { expr } of expressions.filter((e) => e.where.split(' ')[1] === 'MaaSModelLatencyHigh')) {
      expect(expr).toMatch(new RegExp(` > ${expr.includes('vllm:') ? t.modelLatencyP95Seconds : t.predictLatencyP95Seconds}$`));
    }
  });
});
