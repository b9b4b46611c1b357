import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring-prometheusrule-monitoring.coreos.com';

/** One alert and what a person does when it fires. */
export interface Alert {
  /** Alert name, shown in Observe > Alerting, e.g. `MaaSGateway5xxRatioHigh`. */
  readonly alert: string;
  /** PromQL expression; the alert fires for each series it returns. */
  readonly expr: string;
  /** How long the expression must return a series before the alert fires, e.g. `10m`. */
  readonly for: string;
  /** `critical` pages someone; `warning` waits for working hours. */
  readonly severity: 'critical' | 'warning';
  /** One line: what is wrong. May use `{{ $labels.x }}` and `{{ $value }}`. */
  readonly summary: string;
  /** What it means and its likely causes. */
  readonly description: string;
  /** What to check and do, in order. */
  readonly runbook: string;
  /**
   * Link to the runbook section of the documentation.
   *
   * @default - no link; the `runbook` text is the runbook
   */
  readonly runbookUrl?: string;
}

/** Properties for `AlertRules`. */
export interface AlertRulesProps {
  /** PrometheusRule name. */
  readonly name: string;
  /**
   * Namespace of the rule. User-workload monitoring evaluates a rule over the series of its own namespace
   * only, so it must be the namespace of the pods the expressions are about.
   */
  readonly namespace: string;
  /** Name of the rule group. */
  readonly groupName: string;
  /** The alerts, in the order they are listed. */
  readonly alerts: readonly Alert[];
}

/** A PrometheusRule with one group of alerts, each annotated with summary, description and runbook. */
export class AlertRules extends Construct {
  /** PrometheusRule name. */
  public readonly name: string;
  /** The alerts as rendered. */
  public readonly alerts: readonly Alert[];

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const names = props.alerts.map((a) => a.alert);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate !== undefined) {
      throw new Error(`AlertRules ${props.namespace}/${props.name}: alert "${duplicate}" is listed twice; give each alert its own name`);
    }
    if (props.alerts.length === 0) {
      throw new Error(`AlertRules ${props.namespace}/${props.name}: no alerts; a PrometheusRule needs at least one`);
    }
    this.name = props.name;
    this.alerts = props.alerts;

    new PrometheusRule(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        groups: [
          {
            name: props.groupName,
            rules: props.alerts.map((a) => ({
              alert: a.alert,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(a.expr),
              for: a.for,
              labels: { severity: a.severity },
              annotations: {
                summary: a.summary,
                description: a.description,
                runbook: a.runbook,
                ...(a.runbookUrl === undefined ? {} : { runbook_url: a.runbookUrl }),
              },
            })),
          },
        ],
      },
    });
  }
}
