/** @type {import('jest').Config} */
const tsconfig = { ...require('./tsconfig.json').compilerOptions, module: 'CommonJS', moduleResolution: 'Node10', isolatedModules: true };
const subpaths = Object.entries(tsconfig.paths).map(([name, [target]]) => [`^${name}$`, `<rootDir>/${target.replace(/^\.\//, '')}`]);

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig, diagnostics: false }] },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    ...Object.fromEntries(subpaths),
  },
  testTimeout: 30000,
};
