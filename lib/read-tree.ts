import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under a folder, as paths relative to it with `/` separators, in name order. A missing folder
 * has no files.
 */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  const walk = (current: string, prefix: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${entry}/`);
      else files.push(`${prefix}${entry}`);
    }
  };
  walk(dir, '');
  return files;
}

/**
 * Reads a rendered folder (e.g. the committed `dist/`) back into a tree: path relative to `dir` with `/`
 * separators -> content. A missing folder is an empty tree. The counterpart of `writeTree`.
 *
 * @param include which files to read, by relative path (default: all)
 */
export function readTree(dir: string, include: (file: string) => boolean = () => true): Map<string, string> {
  return new Map(listFiles(dir).filter(include).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}
