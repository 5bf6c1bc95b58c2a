/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }];
const base = {
  transform: { '^.+\\.tsx?$': tsJest },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/summaryReporter.js'],
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    { ...base, displayName: 'emulator', testMatch: ['<rootDir>/test/emulator/**/*.test.ts'] },
    { ...base, displayName: 'bundle', testMatch: ['<rootDir>/test/bundle/**/*.test.ts'] },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      // Chooses the browser once (and unpacks the packaged one if needed) before any e2e test runs.
      globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
    },
  ],
};
