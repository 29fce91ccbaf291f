// Quiet the runtime's AWS SDK v2 end-of-support notice and bunyan's info
// logs in test output; a test that needs logs captures them itself.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'error';

// ts-jest transpiles only (isolatedModules): type errors are caught by
// `npm run type-check`, not by jest (see docs/development.md).
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFilesAfterEnv: ['<rootDir>/test/setupJest.ts'],
  // Fails the run if a test changed the project's .env or .j1-integration/.
  globalSetup: '<rootDir>/test/guard/setup.js',
  globalTeardown: '<rootDir>/test/guard/teardown.js',
  globals: { 'ts-jest': { isolatedModules: true } },
  testTimeout: 30000,
};
