// One jest run for the whole repo; each project keeps its own environment.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// NestJS 12 ships ESM only; jest on Node 20 loads CommonJS, so swc converts those packages too.
const esmPackages = ['@nestjs', 'file-type', 'strtok3', 'token-types', 'uint8array-extras', '@tokenizer', 'content-disposition'];
const shared = {
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleNameMapper: { '^@cutover/domain$': '<rootDir>/../../libs/domain/src/index.ts' },
};

module.exports = {
  // API tests start a whole service on a fresh database; testTimeout is only honoured at the root
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'domain', rootDir: 'libs/domain', testEnvironment: 'node', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'api',
      rootDir: 'apps/api',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'agent-sim',
      rootDir: 'apps/agent-sim',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'dashboard',
      rootDir: 'apps/dashboard',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
      setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
      moduleNameMapper: { ...shared.moduleNameMapper, '\\.(css)$': '<rootDir>/test/style-stub.js' },
    },
  ],
};
