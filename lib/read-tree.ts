import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Reads a rendered folder (e.g. the committed `dist/`) back into a tree: path relative to `dir` with `/`
 * separators -> content. A missing folder is an empty tree. The counterpart of `writeTree`.
 *
 * @param include which files to read, by relative path (default: all)
 */
export function readTree(dir: string, include: (file: string) => boolean = () => true): Map<string, string> {
  const tree = new Map<string, string>();
  if (!existsSync(dir)) return tree;
  const walk = (current: string) => {
    for (const entry of readdirSync(current).sort()) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const file = relative(dir, path).split('\\').join('/');
        if (include(file)) tree.set(file, readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
  return tree;
}
