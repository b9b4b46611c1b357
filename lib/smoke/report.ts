import type { CheckResult, SmokeReport } from './run';

/**
 * A smoke report as text: where the token came from, one line per check (status, latency, outcome), and a
 * verdict line that starts with `PASSED` or `FAILED`.
 */
export function formatReport(report: SmokeReport): string {
  const rows: string[][] = [['check', 'status', 'latency', 'result'], row('token', report.token)];
  for (const model of report.models) {
    for (const check of model.checks) rows.push(row(`${model.name} ${check.check}`, check));
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  const table = rows.map((r) => r.map((cell, col) => (col === 1 || col === 2 ? cell.padStart(widths[col]) : col === 3 ? cell : cell.padEnd(widths[col]))).join('  '));
  const checks = [report.token, ...report.models.flatMap((m) => m.checks)];
  const failed = checks.filter((c) => !c.ok).length;
  const verdict = failed === 0 ? `PASSED: ${checks.length} checks (${passedChecks(report)})` : `FAILED: ${failed} of ${checks.length} checks`;
  return [
    `smoke check of environment "${report.environment}"`,
    `  token endpoint  ${report.tokenUrl}`,
    ...(report.consumer === undefined ? [] : [`  consumer        ${report.consumer}`]),
    `  client          ${report.clientId}`,
    ...report.models.map((m) => `  ${m.name.padEnd(14)}  ${m.url}`),
    '',
    ...table,
    '',
    verdict,
  ].join('\n');
}

/** What a passing run checked: every model's calls, naming the models not called with a token (`smoke.predict: false`). */
function passedChecks(report: SmokeReport): string {
  const unpredicted = report.models.filter((m) => !m.checks.some((c) => c.check === 'predict')).map((m) => m.name);
  const models = `${report.models.length} model(s)`;
  if (unpredicted.length === 0) return `token, then ${models} x predict, no token, tampered token`;
  return `token, then ${models} x no token, tampered token, and predict on all but ${unpredicted.join(', ')} (smoke.predict: false)`;
}

function row(name: string, check: CheckResult): string[] {
  const status = check.status === undefined ? '-' : String(check.status);
  const latency = check.latencyMs === undefined ? '-' : `${check.latencyMs} ms`;
  return [name, status, latency, `${check.ok ? 'ok' : check.outcome.toUpperCase()}: ${check.detail}`];
}
