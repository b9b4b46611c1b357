import { RATE_WINDOW, type ModelExporter } from './alerts';

/** A model as the dashboard shows it. */
export interface DashboardModel {
  /** InferenceService name. */
  readonly name: string;
  /** Namespace of the model. */
  readonly namespace: string;
  /** The `job` label of the model's series. */
  readonly job: string;
  /** Which documented metrics the runtime exports. */
  readonly exporter: ModelExporter;
  /** 3scale system name of the model's Product (APIcast's `service_system_name`). */
  readonly product?: string;
}

/** What the dashboard shows. */
export interface DashboardInput {
  /** Environment name, in the title. */
  readonly environment: string;
  /** Namespace of APIcast. */
  readonly gatewayNamespace: string;
  /** The monitored models, in the order their rows appear. */
  readonly models: readonly DashboardModel[];
}

interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** Every PromQL query of a dashboard model, for checks. */
export function dashboardQueries(dashboard: Readonly<Record<string, unknown>>): string[] {
  const panels = (dashboard.panels ?? []) as Array<{ targets?: Array<{ expr: string }> }>;
  return panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

/**
 * The Grafana dashboard model: a row for the gateway (requests, errors, latency per product), a row per model
 * (requests, latency, and for vLLM the queue and tokens). Per plan is not possible from Prometheus: APIcast's
 * metrics carry no plan or application label, a text panel says where to look instead.
 */
export function maasDashboard(input: DashboardInput): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let y = 0;
  const row = (title: string) => {
    panels.push({ type: 'row', title, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y } });
    y += 1;
  };
  const graphs = (items: Array<{ title: string; unit: string; targets: Target[] }>) => {
    const width = 24 / items.length;
    items.forEach((item, i) => {
      panels.push({
        type: 'timeseries',
        title: item.title,
        datasource: DATASOURCE,
        fieldConfig: { defaults: { unit: item.unit }, overrides: [] },
        gridPos: { h: 8, w: width, x: i * width, y },
        targets: item.targets.map((t, j) => ({ ...t, datasource: DATASOURCE, refId: String.fromCharCode(65 + j) })),
      });
    });
    y += 8;
  };
  const ns = input.gatewayNamespace;
  const w = RATE_WINDOW;

  row(`Gateway: APIcast in ${ns}`);
  graphs([
    { title: 'Answers per second by status', unit: 'reqps', targets: [{ expr: `sum by (status) (rate(apicast_status{namespace="${ns}"}[${w}]))`, legendFormat: '{{status}}' }] },
    {
      title: 'Share of errors, refused credentials and limits reached',
      unit: 'percentunit',
      targets: [
        ['5xx', '5..'],
        ['401/403', '401|403'],
        ['429', '429'],
      ].map(([legend, re]) => ({
        expr: `sum(rate(apicast_status{namespace="${ns}",status=~"${re}"}[${w}])) / sum(rate(apicast_status{namespace="${ns}"}[${w}]))`,
        legendFormat: legend,
      })),
    },
  ]);
  graphs([
    { title: 'Calls per second per product', unit: 'reqps', targets: [{ expr: `sum by (service_system_name) (rate(total_response_time_seconds_count{namespace="${ns}"}[${w}]))`, legendFormat: '{{service_system_name}}' }] },
    {
      title: 'Latency p95 per product (total, and of the model)',
      unit: 's',
      targets: [
        { expr: `histogram_quantile(0.95, sum by (le, service_system_name) (rate(total_response_time_seconds_bucket{namespace="${ns}"}[${w}])))`, legendFormat: '{{service_system_name}} total' },
        { expr: `histogram_quantile(0.95, sum by (le, service_system_name) (rate(upstream_response_time_seconds_bucket{namespace="${ns}"}[${w}])))`, legendFormat: '{{service_system_name}} model' },
      ],
    },
    { title: 'Model answers per second by status, per product', unit: 'reqps', targets: [{ expr: `sum by (service_system_name, status) (rate(upstream_status{namespace="${ns}"}[${w}]))`, legendFormat: '{{service_system_name}} {{status}}' }] },
  ]);
  panels.push({
    type: 'text',
    title: 'Per plan and per application',
    gridPos: { h: 4, w: 24, x: 0, y },
    options: {
      mode: 'markdown',
      content: 'APIcast\'s metrics carry no plan or application label, so this dashboard cannot split by plan. Per application and per plan ' +
        'usage (hits and each method) is in the 3scale Admin Portal: Product > Analytics > Traffic / Usage. Tokens are counted per model below, from vLLM.',
    },
  });
  y += 4;

  for (const m of input.models) {
    const sel = `{job="${m.job}"}`;
    row(`Model ${m.namespace}/${m.name}${m.product === undefined ? '' : ` (product ${m.product})`}`);
    if (m.exporter === 'vllm') {
      graphs([
        {
          title: 'Requests running and waiting',
          unit: 'short',
          targets: [
            { expr: `sum(vllm:num_requests_running${sel})`, legendFormat: 'running' },
            { expr: `sum(vllm:num_requests_waiting${sel})`, legendFormat: 'waiting' },
          ],
        },
        {
          title: 'Latency p95: end to end and first token',
          unit: 's',
          targets: [
            { expr: `histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket${sel}[${w}])))`, legendFormat: 'end to end' },
            { expr: `histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket${sel}[${w}])))`, legendFormat: 'first token' },
          ],
        },
        {
          title: 'Tokens per second',
          unit: 'short',
          targets: [
            { expr: `sum(rate(vllm:prompt_tokens_total${sel}[${w}]))`, legendFormat: 'prompt' },
            { expr: `sum(rate(vllm:generation_tokens_total${sel}[${w}]))`, legendFormat: 'completion' },
            { expr: `sum(rate(vllm:prompt_tokens_total${sel}[${w}])) + sum(rate(vllm:generation_tokens_total${sel}[${w}]))`, legendFormat: 'total' },
          ],
        },
      ]);
    } else {
      graphs([
        { title: 'Predictions per second', unit: 'reqps', targets: [{ expr: `sum(rate(request_predict_seconds_count${sel}[${w}]))`, legendFormat: 'predict' }] },
        { title: 'Prediction latency p95', unit: 's', targets: [{ expr: `histogram_quantile(0.95, sum by (le) (rate(request_predict_seconds_bucket${sel}[${w}])))`, legendFormat: 'predict' }] },
      ]);
    }
  }

  return {
    title: `MaaS ${input.environment}: gateway and models`,
    uid: `maas-${input.environment}`.slice(0, 40),
    tags: ['maas', input.environment],
    timezone: 'browser',
    schemaVersion: 39,
    refresh: '1m',
    time: { from: 'now-6h', to: 'now' },
    editable: false,
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: {}, hide: 0 }],
    },
    panels: panels.map((p, id) => ({ id: id + 1, ...p })),
  };
}
