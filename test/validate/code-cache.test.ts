import { loadValidatorWithCodeCache } from '../../lib/validate';

/** Code of the shape Ajv's standalone output has: a CommonJS module exporting a validate function with `errors`. */
const STANDALONE = `"use strict";
module.exports = validate;
function validate(data) {
  if (typeof data.spec.size !== 'number') { validate.errors = [{ instancePath: '/spec/size', message: 'must be integer' }]; return false; }
  validate.errors = null;
  return true;
}`;

describe('loadValidatorWithCodeCache', () => {
  const code = STANDALONE;
  const good = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'a' }, spec: { size: 1 } };
  const bad = { ...good, spec: { size: 'big' } };

  test('GIVEN no cached data WHEN loaded THEN it validates and says the cache was not used', () => {
    const loaded = loadValidatorWithCodeCache(code, undefined);
    expect(loaded.cacheAccepted).toBe(false);
    expect(loaded.validator(good)).toEqual([]);
    expect(loaded.validator(bad).map((e) => e.instancePath)).toEqual(['/spec/size']);
  });

  test("GIVEN V8's cached data of the same code WHEN loaded THEN V8 accepts it and the validator finds the same errors", () => {
    const first = loadValidatorWithCodeCache(code, undefined);
    first.validator(bad);
    const second = loadValidatorWithCodeCache(code, first.createCachedData());
    expect(second.cacheAccepted).toBe(true);
    expect(second.validator(bad)).toEqual(first.validator(bad));
  });
});
