/** Jest runs TypeScript through SWC (about 4x faster than ts-jest); `tsc --noEmit` type-checks separately. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Fetch the pinned schema files when no place has them; give the run a TMPDIR of its own and remove it after.
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Not in $TMPDIR: a test run leaves nothing there.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // Many tests start Node processes; on a busy machine (CI runners, shared hosts) 5 s is too short for them.
  testTimeout: 60_000,
  // Jest's default is one worker per core but one; most files here wait on the Node processes they start, so
  // two workers on two cores keep both busy (npm test 194 s -> 147 s on this project's 2-core machine).
  maxWorkers: '100%',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
};
