import { parseArgs } from 'node:util';
import { compareRevisions } from '../lib/diff/compare';
import { colorize, formatMarkdown, formatText, hasChanges, useColour } from '../lib/diff/format';
import { DiffError, renderCommit, renderWorkingTree, resolveBase } from './revisions';

const USAGE = `Usage: npm run --silent diff -- [--base REF] [--format text|markdown]

Renders the base and the working tree into temporary folders (dist/ is not touched) and prints, per
environment, the objects added, removed and changed, with a YAML diff of each change and risk flags.
  --base REF       commit to compare with (default: the merge base of HEAD with main, else origin/main)
  --format FORMAT  text (default), or markdown for a pull-request comment
Exit code: 0 nothing changed, 1 something changed, 2 error.`;

const FORMATS = { text: formatText, markdown: formatMarkdown };

function main(): number {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!Object.hasOwn(FORMATS, values.format)) throw new DiffError(`--format ${values.format}: not one of text, markdown`);
  const format = FORMATS[values.format as keyof typeof FORMATS];

  const project = process.cwd();
  const base = resolveBase(project, values.base);
  const before = renderCommit(project, base);
  const after = renderWorkingTree(project);
  const environments = compareRevisions(before, after);
  const description = before.note ? `${base.description}; ${before.note}` : base.description;
  const text = format({ base: description, environments });
  process.stdout.write(values.format === 'text' && useColour(process.stdout.isTTY, process.env.NO_COLOR) ? colorize(text) : text);
  return hasChanges(environments) ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof DiffError) console.error(`diff: ${error.message}`);
  else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`diff: ${error.message}\n\n${USAGE}`);
  else console.error(`diff failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 2;
}
