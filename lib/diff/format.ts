import { countChanges, type Change, type EnvironmentDiff } from './compare';
import { summarizeObject } from './content';
import { riskFlags, type RiskFlag } from './risks';

/** First line of the pull-request comment: the workflow finds its own comment by it and updates it. */
export const COMMENT_MARKER = '<!-- maas-gitops-diff -->';

/** GitHub refuses comments over 65,536 characters; diffs beyond this budget are left out of the comment. */
export const COMMENT_BUDGET = 60_000;

/** A comparison, ready to print. */
export interface DiffReport {
  /** What the working tree was compared with, in one line, e.g. `main (merge base 3800ece)`. */
  readonly base: string;
  readonly environments: readonly EnvironmentDiff[];
}

/** Whether anything changed in any environment. */
export function hasChanges(environments: readonly EnvironmentDiff[]): boolean {
  return environments.some((env) => env.status !== 'unchanged');
}

/** `3 environments: dev changed (1 added, 2 changed), staging unchanged, prod changed (1 removed)`. */
export function summaryLine(environments: readonly EnvironmentDiff[]): string {
  const count = environments.length === 1 ? '1 environment' : `${environments.length} environments`;
  return `${count}: ${environments.map((env) => `${env.name} ${environmentStatus(env)}`).join(', ') || 'none rendered'}`;
}

/** `changed (1 added, 2 changed)`, `unchanged`, `added (9 objects)`. */
function environmentStatus(env: EnvironmentDiff): string {
  switch (env.status) {
    case 'unchanged':
      return 'unchanged';
    case 'changed':
      return `changed (${countChanges(env.changes)})`;
    default: {
      const objects = env.changes.filter((c) => c.before ?? c.after).length;
      const files = env.changes.length - objects;
      const parts = [plural(objects, 'object'), files > 0 ? plural(files, 'file') : ''].filter((p) => p !== '');
      return `${env.status} (${parts.join(', ')})`;
    }
  }
}

/** The report for a terminal: summary, base, risk flags, then each environment with its changes. */
export function formatText(report: DiffReport): string {
  const flags = riskFlags(report.environments);
  const lines = [summaryLine(report.environments), `compared with ${report.base}`];
  lines.push(flags.length === 0 ? 'risk flags: none' : `risk flags (${flags.length}):`, ...flags.map((f) => `  ! ${flagLine(f)}`));
  report.environments.forEach((env, i) => {
    // Unchanged environments are one line each, kept together; every other one is a block of its own.
    const previous = report.environments[i - 1];
    if (!previous || env.status !== 'unchanged' || previous.status !== 'unchanged') lines.push('');
    lines.push(`${env.name}: ${environmentStatus(env)}`);
    for (const change of env.changes) {
      const summary = change.type === 'added' && change.after ? [summarizeObject(change.after)].filter((t) => t !== '').map((t) => `      ${t}`) : [];
      lines.push(`  ${SIGN[change.type]} ${change.subject}`, ...summary, ...change.diff.map((line) => `      ${line}`));
    }
  });
  return lines.join('\n') + '\n';
}

/**
 * The report as a pull-request comment: the marker, summary, risk flags as a list, and per changed
 * environment a collapsed block with its object list and one `diff` fence per changed object or file.
 */
export function formatMarkdown(report: DiffReport): string {
  const flags = riskFlags(report.environments);
  const head = [
    COMMENT_MARKER,
    `**${escapeMarkdown(summaryLine(report.environments))}**`,
    '',
    `Rendered by \`npm run diff\`, compared with ${escapeMarkdown(report.base)}.`,
    '',
    ...(flags.length === 0 ? ['No risk flags.'] : [`**Risk flags (${flags.length})**`, '', ...flags.map((f) => `- ${escapeMarkdown(flagLine(f))}`)]),
    '',
  ];
  let length = head.join('\n').length;
  const sections = report.environments.map((env) => {
    if (env.status === 'unchanged') return `${env.name}: unchanged\n`;
    const full = markdownSection(env, true);
    const section = length + full.length <= COMMENT_BUDGET ? full : markdownSection(env, false);
    length += section.length;
    return section;
  });
  return [...head, ...sections].join('\n');
}

function markdownSection(env: EnvironmentDiff, withDiffs: boolean): string {
  const list = env.changes.map((c) => `- ${c.type} \`${c.subject}\`${c.type === 'added' && c.after && summarizeObject(c.after) !== '' ? `: ${escapeMarkdown(summarizeObject(c.after))}` : ''}`);
  const diffs = env.changes
    .filter((c) => c.diff.length > 0)
    .map((c) => {
      const fence = fenceFor(c.diff);
      return [`\`${c.subject}\``, '', `${fence}diff`, ...c.diff, fence, ''].join('\n');
    });
  const tooLong = '_The diffs of this environment do not fit in a comment; run `npm run diff` locally._\n';
  const body = withDiffs ? diffs : env.changes.some((c: Change) => c.diff.length > 0) ? [tooLong] : [];
  return [`<details><summary>${escapeHtml(`${env.name}: ${environmentStatus(env)}`)}</summary>`, '', ...list, '', ...body, '</details>', ''].join('\n');
}

const SIGN: Record<Change['type'], string> = { added: '+', removed: '-', changed: '~' };

function flagLine(flag: RiskFlag): string {
  return `${flag.environment}: ${flag.message}`;
}

/** A code fence longer than any run of backticks in the lines, so that no content can close it. */
function fenceFor(lines: readonly string[]): string {
  const longest = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  return '`'.repeat(Math.max(3, longest + 1));
}

function escapeMarkdown(text: string): string {
  return escapeHtml(text).replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const ANSI = { red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m', cyan: '\u001b[36m', bold: '\u001b[1m', reset: '\u001b[0m' };

/**
 * The text report with ANSI colours, for a terminal: added green, removed red, changed yellow, hunk headers
 * cyan, risk flags bold red. The command colours only when standard output is a terminal and `NO_COLOR` is
 * unset or empty (https://no-color.org).
 */
export function colorize(text: string): string {
  const paint = (colour: string, line: string) => `${colour}${line}${ANSI.reset}`;
  return text
    .split('\n')
    .map((line) => {
      if (/^ {2}! /.test(line) || /^risk flags \(/.test(line)) return paint(ANSI.bold + ANSI.red, line);
      if (/^ {2}\+ /.test(line) || /^ {6}\+/.test(line)) return paint(ANSI.green, line);
      if (/^ {2}- /.test(line) || /^ {6}-/.test(line)) return paint(ANSI.red, line);
      if (/^ {2}~ /.test(line)) return paint(ANSI.yellow, line);
      if (/^ {6}@@ /.test(line)) return paint(ANSI.cyan, line);
      return line;
    })
    .join('\n');
}

/** Whether the command colours its text output: on a terminal, unless `NO_COLOR` is set to a non-empty value. */
export function useColour(isTTY: boolean | undefined, noColor: string | undefined): boolean {
  return isTTY === true && (noColor === undefined || noColor === '');
}
