import type { ClusterReport } from './index';
import type { SyncResult, SyncStep } from './sync';

/** `3 Namespace, 2 OperatorGroup` for the objects of a step. */
function summary(step: SyncStep): string {
  const counts = new Map<string, number>();
  for (const o of step.objects) counts.set(o.manifest.kind, (counts.get(o.manifest.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
}

function stepName(step: SyncStep): string {
  return `${step.phase === 'Sync' ? '' : `${step.phase} `}${step.wave}`;
}

function syncRows(result: SyncResult): string[][] {
  return result.steps.map((step) => [stepName(step), summary(step), step.outcome]);
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = '    '): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (i < r.length - 1 ? r[i].length : 0))));
  const line = (cells: readonly string[]) => indent + cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]) : c)).join('  ');
  return [line(headers), ...rows.map(line)];
}

function extras(result: SyncResult): string[] {
  return [
    ...(result.notModelled.length > 0 ? [`    not modelled (no row in lib/upstream/controller-effects.ts): ${result.notModelled.join(', ')}`] : []),
    ...(result.prerequisites.length > 0 ? [`    assumed present: ${result.prerequisites.join('; ')}`] : []),
  ];
}

/** The sync and path tables of each environment, as `npm run validate` prints them. */
export function formatClusterReport(reports: readonly ClusterReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(`cluster model: ${report.environment} (Argo CD ${report.argocdVersion})`);
    lines.push('  first sync from an empty cluster:', ...table(['wave', 'objects', 'result'], syncRows(report.firstSync)), ...extras(report.firstSync));
    for (const update of report.updateSyncs) {
      lines.push(`  update sync after a change of ${update.change}:`, ...table(['wave', 'objects', 'result'], syncRows(update.result)));
    }
    for (const path of report.paths) {
      lines.push(`  path of ${path.model} (${path.mode}):`, ...table(['hop', 'target', 'port', 'TLS', 'admitted by'], path.hops.map((h) => [h.hop, h.target, h.port, h.tls, h.admittedBy])));
    }
  }
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The same tables in markdown, for `npm run diff`. */
export function markdownClusterReport(report: ClusterReport): string {
  const lines: string[] = [`#### Cluster model: ${report.environment} (Argo CD ${report.argocdVersion})`, ''];
  const syncTable = (title: string, result: SyncResult) => {
    lines.push(`${title}`, '', '| wave | objects | result |', '|---|---|---|', ...syncRows(result).map((r) => `| ${r.map(cell).join(' | ')} |`), '');
  };
  syncTable('First sync from an empty cluster:', report.firstSync);
  for (const update of report.updateSyncs) syncTable(`Update sync after a change of ${update.change}:`, update.result);
  for (const path of report.paths) {
    lines.push(`Path of ${path.model} (${path.mode}):`, '', '| hop | target | port | TLS | admitted by |', '|---|---|---|---|---|',
      ...path.hops.map((h) => `| ${[h.hop, h.target, h.port, h.tls, h.admittedBy].map(cell).join(' | ')} |`), '');
  }
  return lines.join('\n');
}
