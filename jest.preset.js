/**
 * Shared jest settings: ts-jest over the sources, `.js` import suffixes mapped back to `.ts`.
 * Unit tests are `*.test.ts`; scenario suites on real infrastructure are `*.it.test.ts`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['**/*.test.ts'],
  testTimeout: 120_000,
};
