import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../lib/read-tree';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('LICENSE is the licence package.json declares', () => {
  expect(pkg.license).toBe('Apache-2.0');
  expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n/);
});

test('every dependency with an install script is approved or denied in allowScripts (npm 11 asks otherwise)', () => {
  // GIVEN the packages of the lockfile that have install scripts
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path]) => path.replace(/^.*node_modules\//, ''));
  // THEN allowScripts names each of them, and nothing else
  expect(Object.keys(pkg.allowScripts).sort()).toEqual([...new Set(withScripts)].sort());
});

test('no code or test opens ../shared itself: schema files are found through scripts/schema-places.js', () => {
  // GIVEN every source file but the module that knows the places
  const sources = ['lib', 'scripts', 'test'].flatMap((dir) => listFiles(join(ROOT, dir)).map((file) => `${dir}/${file}`))
    .filter((file) => /\.(ts|js|mjs|cjs)$/.test(file) && file !== 'scripts/schema-places.js');
  // THEN none builds a path into ../shared (the test of this rule is the only file to spell the pattern)
  const opensShared = /\b(join|resolve|readFileSync|readdirSync|existsSync)\([^)\n]*(['"]\.\.\/shared\b|['"]\.\.['"], *['"]shared['"])/;
  expect(sources.filter((file) => opensShared.test(readFileSync(join(ROOT, file), 'utf8')))).toEqual([]);
  expect(sources.length).toBeGreaterThan(50);
});
