/** jest: the cpu suite runs in Node; the browser suites drive Chromium. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', {
      tsconfig: {
        module: 'commonjs',
        target: 'ES2019',
        lib: ['ES2019', 'DOM'],
        esModuleInterop: true,
        resolveJsonModule: true,
        strict: true,
        skipLibCheck: true,
        types: ['jest', 'node'],
      },
      diagnostics: {warnOnly: false},
    }],
  },
  testTimeout: 600000,
};
