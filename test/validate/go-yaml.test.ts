import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { toYaml } from '../../lib/render';
import { goYamlProblems } from '../../lib/validate/yaml';
import { goYaml, HOSTILE_STRINGS, hostileObject, type GoYaml } from '../goyaml';
import { tempDir } from '../helpers';

/** The hostile strings written the way a YAML 1.1 writer unaware of go-yaml writes them. */
const naive = (value: unknown) => stringify(value, { version: '1.1', lineWidth: 0 });

describe('goYamlProblems: npm run validate catches what go-yaml misreads, without Go', () => {
  test('flags Go numbers written plain, the plain key <<, and raw line-break and refused characters, each at its line', () => {
    const text = 'a: 0o17\nb: "0o17"\nc: 1e_3\n<<: {x: 1}\nd: "x\u2028y"\ne: "\u007f"\nf: plain\ng: 0X1F\n';
    expect(goYamlProblems(text)).toEqual([
      { line: 1, col: 4, message: 'go-yaml (kubectl, Argo CD) reads the plain "0o17" as a number, not as the string; quote it' },
      { line: 3, col: 4, message: 'go-yaml (kubectl, Argo CD) reads the plain "1e_3" as a number, not as the string; quote it' },
      { line: 4, col: 1, message: 'go-yaml (kubectl, Argo CD) reads the plain key << as a merge of another map; quote it ("<<")' },
      { line: 5, col: 6, message: 'the character U+2028 is a line break for go-yaml (kubectl, Argo CD); write it as an escape in a double-quoted string' },
      { line: 6, col: 5, message: 'the character U+007F is refused by go-yaml (kubectl, Argo CD) even inside quotes; write it as an escape in a double-quoted string' },
      { line: 8, col: 4, message: 'go-yaml (kubectl, Argo CD) reads the plain "0X1F" as a number, not as the string; quote it' },
    ]);
  });

  test('finds nothing in the hostile fixture as the render writes it', () => {
    expect(goYamlProblems(toYaml(hostileObject()))).toEqual([]);
  });

  test('on the hostile fixture written naively, flags exactly the strings go-yaml misreads', () => {
    const oracle = goYaml();
    // Without Go, the strings go-yaml is known to misread (checked against go-yaml where it is installed).
    const misread = (text: string) => goYamlProblems(naive({ k: text })).length > 0 || goYamlProblems(naive({ [text]: 1 })).length > 0;
    const flagged = HOSTILE_STRINGS.filter(misread);
    for (const known of ['0o17', '0O17', '0X1F', '0B101', '1e_3', '0_o17', '<<', 'a\u2028b', '\u2029', 'a\u0085b', '\u007f', '\u0080', '\u009f', '\ufffe', '\uffff']) {
      expect({ known, flagged: flagged.includes(known) }).toEqual({ known, flagged: true });
    }
    if ('skip' in oracle) return;
    // With Go: flagged exactly when go-yaml reads something else, as a value or as a key.
    const read = oracle as GoYaml;
    const dir = tempDir();
    try {
      const files = HOSTILE_STRINGS.flatMap((text, i) => {
        const value = join(dir, `v${i}.yaml`);
        const key = join(dir, `k${i}.yaml`);
        writeFileSync(value, naive({ k: text }));
        writeFileSync(key, naive({ [text]: 'v' }));
        return [value, key];
      });
      const results = read(files);
      const disagreements = HOSTILE_STRINGS.flatMap((text, i) => {
        const [value, key] = [results[2 * i], results[2 * i + 1]];
        const goMisreads = value.error !== undefined || (value.json as { k: unknown }).k !== text ||
          key.error !== undefined || JSON.stringify(key.json) !== JSON.stringify({ [text]: 'v' });
        return goMisreads === flagged.includes(text) ? [] : [`${JSON.stringify(text)}: go-yaml ${goMisreads ? 'misreads' : 'reads it'}, the check ${flagged.includes(text) ? 'flags' : 'passes'} it`];
      });
      expect(disagreements).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
