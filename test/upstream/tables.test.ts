import { KEYCLOAK_EFFECTS, PLATFORM_EFFECTS, SERVING_EFFECTS, THREESCALE_EFFECTS } from '../../lib/upstream/controller-effects';
import { SOURCE_PATTERN } from '../../lib/upstream/types';

const rows = [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS];

describe('the table of controller effects', () => {
  test('the source pattern accepts a citation and refuses a bare path', () => {
    expect(SOURCE_PATTERN.test('argoproj/argo-cd util/argo/argo.go@v2.13.9')).toBe(true);
    expect(SOURCE_PATTERN.test('util/argo/argo.go')).toBe(false);
  });

  test('every row cites each source as "owner/repo path@version"', () => {
    const bad = rows.filter((row) => row.sources.length === 0 || !row.sources.every((s) => SOURCE_PATTERN.test(s)));
    expect(bad.map((row) => row.kind)).toEqual([]);
  });

  test('a kind has one row', () => {
    const kinds = rows.map((row) => row.kind);
    expect(kinds.filter((kind, i) => kinds.indexOf(kind) !== i)).toEqual([]);
  });
});
