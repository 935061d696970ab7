/**
 * Jest runs TypeScript through ts-jest in transpile-only mode (tsconfig's `isolatedModules`),
 * which is fast; `npm run build` (tsc --noEmit) type-checks everything separately.
 * Jest 29 rather than 30: Jest 30's resolver needs per-platform native bindings that this
 * project's registry mirror does not carry for every platform, which breaks `npm ci`.
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testTimeout: 60000,
};
