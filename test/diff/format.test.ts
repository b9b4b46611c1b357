import { compareRevisions } from '../../lib/diff/compare';
import { colorize, COMMENT_BUDGET, COMMENT_MARKER, formatMarkdown, formatText, summaryLine, useColour } from '../../lib/diff/format';
import { summarizeObject } from '../../lib/diff/content';
import { keycloakClient, namespace, revision } from './fixtures';

const STAGES = { dev: 'dev', staging: 'staging', prod: 'prod' };
const BEFORE = revision(
  {
    'dev/serving/namespace.maas-models.yaml': namespace('maas-models', { tier: 'a' }),
    'staging/serving/namespace.maas-models.yaml': namespace('maas-models'),
    'prod/serving/namespace.maas-models.yaml': namespace('maas-models'),
    'prod/serving/namespace.maas-old.yaml': namespace('maas-old'),
  },
  STAGES,
);
const AFTER = revision(
  {
    'dev/serving/namespace.maas-models.yaml': namespace('maas-models', { tier: 'b' }),
    'dev/serving/namespace.maas-llm.yaml': namespace('maas-llm'),
    'dev/README.md': '# dev\n',
    'staging/serving/namespace.maas-models.yaml': namespace('maas-models'),
    'prod/serving/namespace.maas-models.yaml': namespace('maas-models'),
  },
  STAGES,
);
const REPORT = { base: 'main (merge base 1234567)', environments: compareRevisions(BEFORE, AFTER) };

describe('summaryLine', () => {
  test('gives every environment in one line, unchanged ones in one word', () => {
    expect(summaryLine(REPORT.environments)).toBe('3 environments: dev changed (2 added, 1 changed), staging unchanged, prod changed (1 removed)');
  });

  test('counts the objects and files of a new environment', () => {
    const environments = compareRevisions(revision({}), revision({ 'qa/ns.yaml': namespace('a'), 'qa/README.md': '# qa\n' }));
    expect(summaryLine(environments)).toBe('1 environment: qa added (1 object, 1 file)');
  });
});

describe('formatText', () => {
  test('prints the summary, the base, the risk flags, then each environment with its changes', () => {
    expect(formatText(REPORT)).toBe(
      [
        '3 environments: dev changed (2 added, 1 changed), staging unchanged, prod changed (1 removed)',
        'compared with main (merge base 1234567)',
        'risk flags (2):',
        '  ! prod: stage prod: 1 removed in production',
        '  ! prod: Namespace maas-old removed: Argo CD deletes everything in it',
        '',
        'dev: changed (2 added, 1 changed)',
        '  + Namespace maas-llm',
        '  + dev/README.md',
        '  ~ Namespace maas-models',
        '      @@ -4,3 +4,3 @@ metadata.labels',
        '         name: maas-models',
        '         labels:',
        '      -    tier: a',
        '      +    tier: b',
        '',
        'staging: unchanged',
        '',
        'prod: changed (1 removed)',
        '  - Namespace maas-old',
        '',
      ].join('\n'),
    );
  });

  test('says so when there are no risk flags', () => {
    const environments = compareRevisions(BEFORE, BEFORE);
    expect(formatText({ base: 'HEAD', environments }).split('\n').slice(2, 6)).toEqual(['risk flags: none', '', 'dev: unchanged', 'staging: unchanged']);
  });
});

describe('formatMarkdown', () => {
  test('starts with the marker the workflow finds its comment by, then the summary and the flags as a list', () => {
    expect(formatMarkdown(REPORT).split('\n').slice(0, 9)).toEqual([
      COMMENT_MARKER,
      '**3 environments: dev changed (2 added, 1 changed), staging unchanged, prod changed (1 removed)**',
      '',
      'Rendered by `npm run diff`, compared with main (merge base 1234567).',
      '',
      '**Risk flags (2)**',
      '',
      '- prod: stage prod: 1 removed in production',
      '- prod: Namespace maas-old removed: Argo CD deletes everything in it',
    ]);
  });

  test('puts each changed environment in a details block with a diff fence per changed object', () => {
    const markdown = formatMarkdown(REPORT);
    expect(markdown).toContain(
      [
        '<details><summary>dev: changed (2 added, 1 changed)</summary>',
        '',
        '- added `Namespace maas-llm`',
        '- added `dev/README.md`',
        '- changed `Namespace maas-models`',
        '',
        '`Namespace maas-models`',
        '',
        '```diff',
        '@@ -4,3 +4,3 @@ metadata.labels',
        '   name: maas-models',
        '   labels:',
        '-    tier: a',
        '+    tier: b',
        '```',
        '',
        '</details>',
        '',
        'staging: unchanged',
        '',
        '<details><summary>prod: changed (1 removed)</summary>',
      ].join('\n'),
    );
  });

  test('escapes what Markdown would read as formatting in risk flags', () => {
    const file = 'dev/identity/client.yaml';
    const environments = compareRevisions(revision({ [file]: keycloakClient([]) }), revision({ [file]: keycloakClient(['https://*.example.com/*']) }));
    expect(formatMarkdown({ base: 'HEAD', environments })).toContain('- dev: KeycloakClient maas-sso/chat-ui: redirect URI "https://\\*.example.com/\\*" added (wildcard)\n');
  });

  test('uses a fence longer than any backticks in the diff', () => {
    const environments = compareRevisions(revision({ 'dev/README.md': 'a\n' }), revision({ 'dev/README.md': '````sh\n' }));
    expect(formatMarkdown({ base: 'HEAD', environments })).toContain('\n`````diff\n@@ -1,1 +1,1 @@\n-a\n+````sh\n`````\n');
  });

  test('leaves out the diffs that do not fit in a comment, and says how to see them', () => {
    // GIVEN a change larger than a comment may be
    const big = (letter: string) => `${letter.repeat(100)}\n`.repeat(COMMENT_BUDGET / 100);
    const environments = compareRevisions(revision({ 'dev/README.md': big('a') }), revision({ 'dev/README.md': big('b') }));

    // WHEN
    const markdown = formatMarkdown({ base: 'HEAD', environments });

    // THEN
    expect(markdown.length).toBeLessThan(COMMENT_BUDGET);
    expect(markdown).toContain('- changed `dev/README.md`\n\n_The diffs of this environment do not fit in a comment; run `npm run diff` locally._\n');
  });
});

describe('colorize', () => {
  test('colours added, removed and changed objects, diff lines, hunk headers and risk flags; leaves other lines alone', () => {
    const text = ['risk flags (1):', '  ! prod: x', '', 'dev: changed', '  + A a', '  - B b', '  ~ C c', '      @@ -1 +1 @@ spec', '      -x', '      +y', '       z'].join('\n');
    expect(colorize(text).split('\n')).toEqual([
      '\u001b[1m\u001b[31mrisk flags (1):\u001b[0m',
      '\u001b[1m\u001b[31m  ! prod: x\u001b[0m',
      '',
      'dev: changed',
      '\u001b[32m  + A a\u001b[0m',
      '\u001b[31m  - B b\u001b[0m',
      '\u001b[33m  ~ C c\u001b[0m',
      '\u001b[36m      @@ -1 +1 @@ spec\u001b[0m',
      '\u001b[31m      -x\u001b[0m',
      '\u001b[32m      +y\u001b[0m',
      '       z',
    ]);
  });

  test('colours only on a terminal, and never when NO_COLOR is set to a value', () => {
    expect(useColour(true, undefined)).toBe(true);
    expect(useColour(true, '')).toBe(true);
    expect(useColour(true, '1')).toBe(false);
    expect(useColour(false, undefined)).toBe(false);
    expect(useColour(undefined, undefined)).toBe(false);
  });
});

describe('summarizeObject', () => {
  test('GIVEN an object with a spec WHEN summarized THEN the first five scalar fields and the count of the rest', () => {
    const object = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { a: 1, b: { c: 'two', d: [true, 'multi\nline'] }, e: null, f: 6, g: 7 } };
    expect(summarizeObject(object)).toBe('spec: a=1, b.c=two, b.d[0]=true, b.d[1]=multi…, e=null (2 more)');
  });

  test('GIVEN an object with only metadata WHEN summarized THEN nothing is shown', () => {
    expect(summarizeObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } })).toBe('');
  });
});
