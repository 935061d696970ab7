/**
 * Jest runs TypeScript through ts-jest in transpile-only mode (tsconfig's `isolatedModules`),
 * which is fast; `npm run build` (tsc --noEmit) type-checks everything separately.
 * Jest 29 rather than 30: Jest 30's resolver needs per-platform native bindings that this
 * project's registry mirror does not carry for every platform, which breaks `npm ci`.
 */
const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60000,
  // Jest's default is one worker per core but one: a single worker on 2 cores, while many tests
  // wait on child processes (DynamoDB Local, tsx, cfn-lint). Two workers take the suite on an
  // idle 2-core machine from 465 s to 327 s (measured 2026-11-30, `npx jest -w 1` against `-w 2`).
  maxWorkers: Math.max(2, availableParallelism() - 1),
};
