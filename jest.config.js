// ts-jest transpiles only (isolatedModules): type errors are caught by
// `npm run type-check`, not by jest (see ../shared/docs/sdk-notes.md §3).
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFilesAfterEnv: ['<rootDir>/test/setupJest.ts'],
  globals: { 'ts-jest': { isolatedModules: true } },
  testTimeout: 30000,
};
