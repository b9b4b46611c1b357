import { Testing } from 'cdk8s';
import { AlertRules, type Alert } from '../../lib/constructs/alert-rules';

const ALERT: Alert = {
  alert: 'Down',
  expr: 'up{job="ns/x"} == 0',
  for: '5m',
  severity: 'critical',
  summary: 'x is down',
  description: 'x does not answer',
  runbook: 'restart x',
};

function render(alerts: readonly Alert[]) {
  const chart = Testing.chart();
  new AlertRules(chart, 'Rules', { name: 'x-alerts', namespace: 'ns', groupName: 'x', alerts });
  return Testing.synth(chart);
}

describe('AlertRules', () => {
  test('GIVEN an alert WHEN rendered THEN it has its severity label and summary, description and runbook annotations', () => {
    expect(render([ALERT])[0]).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'x-alerts', namespace: 'ns' },
      spec: {
        groups: [
          {
            name: 'x',
            rules: [
              {
                alert: 'Down',
                expr: 'up{job="ns/x"} == 0',
                for: '5m',
                labels: { severity: 'critical' },
                annotations: { summary: 'x is down', description: 'x does not answer', runbook: 'restart x' },
              },
            ],
          },
        ],
      },
    });
  });

  test('GIVEN a runbook URL WHEN rendered THEN it is the runbook_url annotation', () => {
    const rules = render([{ ...ALERT, runbookUrl: 'https://example.com/docs#down' }])[0].spec.groups[0].rules;
    expect(rules[0].annotations.runbook_url).toBe('https://example.com/docs#down');
  });

  test('fails when two alerts have the same name', () => {
    expect(() => render([ALERT, ALERT])).toThrow('AlertRules ns/x-alerts: alert "Down" is listed twice; give each alert its own name');
  });

  test('fails when there is no alert', () => {
    expect(() => render([])).toThrow('AlertRules ns/x-alerts: no alerts; a PrometheusRule needs at least one');
  });
});
