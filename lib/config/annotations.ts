import type { Problem } from './load';

/**
 * Every problem as a GitHub Actions workflow command (`::error file=…,line=…,title=…::…`), one per line, so
 * that a pull request shows each problem on the line of the environment file it concerns. The caller prints
 * them when `GITHUB_ACTIONS` is `true`, beside the plain report.
 *
 * @param problemsByFile problems per file, the file as a path relative to the repository root
 */
export function formatAnnotations(problemsByFile: ReadonlyMap<string, readonly Problem[]>): string {
  const lines: string[] = [];
  for (const [file, problems] of problemsByFile) {
    for (const problem of problems) {
      const where = problem.path === '' ? '' : `${problem.path}: `;
      const properties = `file=${escapeProperty(file)},line=${problem.line},title=${escapeProperty('invalid environment file')}`;
      lines.push(`::error ${properties}::${escapeData(where + problem.message)}`);
    }
  }
  return lines.join('\n');
}

// Escaping as the runner's command parser reads it (actions/toolkit packages/core/src/command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
