import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Boundary rules as `no-restricted-imports` regexes over relative paths. A file `depth` folders below one of
 * `dirs` reaches their parent folder with exactly depth + 1 `../`, so there is one block per depth (0–4) and
 * `regex` receives that prefix. The blocks' `files` never overlap, and no other block sets the rule for these
 * files: flat config does not merge a rule's options, the last matching block wins.
 */
const importBoundary = ({ dirs, ext, regex, message }) =>
  [0, 1, 2, 3, 4].map((depth) => ({
    files: [`${dirs}/${'*/'.repeat(depth)}*.${ext}`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: regex(`^(?:\\.\\./){${depth + 1}}`), message }] },
      ],
    },
  }));

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/.nx/**',
      '**/.data/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest injects by constructor parameter type: a type-only import would erase the token
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message: 'libs/domain is plain TypeScript: no packages, no frameworks.',
            },
          ],
        },
      ],
    },
  },
  // api: the ground floor (common, config, database) imports no feature folder, only the ground floor
  ...importBoundary({
    dirs: 'apps/api/src/{common,config,database}',
    ext: 'ts',
    regex: (toSrc) => `${toSrc}(?!(?:common|config|database)(?:/|$))[\\w-]+(?:/|$)`,
    message:
      'common/, config/ and database/ are the ground floor: they import no feature folder of apps/api/src.',
  }),
  // api: the command queue imports nothing from the lifecycle (the lifecycle drives the queue)
  ...importBoundary({
    dirs: 'apps/api/src/commands',
    ext: 'ts',
    regex: (toSrc) => `${toSrc}lifecycle(?:/|$)`,
    message:
      'commands/ imports nothing from lifecycle/: the lifecycle uses the queue, not the other way round.',
  }),
  // dashboard (STYLE 13): a feature imports no other feature, neither as ../<b>/ nor as ../../features/<b>/
  ...importBoundary({
    dirs: 'apps/dashboard/src/features/*',
    ext: '{ts,tsx}',
    regex: (toFeatures) => `${toFeatures}(?:(?!\\.\\./)|\\.\\./features(?:/|$))`,
    message:
      'A feature imports no other feature (STYLE 13): share code via components/ or lib/; compose in app/.',
  }),
  // dashboard (STYLE 13): shared code (components, lib, styles, testing) imports no features/ and no app/
  ...importBoundary({
    dirs: 'apps/dashboard/src/{components,lib,styles,testing}',
    ext: '{ts,tsx}',
    regex: (toSrc) => `${toSrc}(?:features|app)(?:/|$)`,
    message:
      'Shared code (components, lib, styles, testing) imports nothing from features/ or app/ (STYLE 13).',
  }),
  // no import cycles in the domain or the API (type-only imports don't count); tsconfig paths resolve aliases
  {
    files: ['libs/domain/src/**/*.ts', 'apps/api/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.json'],
          tsconfig: { configFile: `${import.meta.dirname}/tsconfig.base.json` },
        }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // api DTOs: null vs absent is decided by Optional() (null is a 400 unless { nullable: true }), never by IsOptional
  {
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='class-validator'] > ImportSpecifier[imported.name='IsOptional']",
          message:
            'Use Optional() from common/dto/optional: IsOptional lets null through; null is a 400 unless the contract gives it a meaning ({ nullable: true }).',
        },
      ],
    },
  },
  {
    files: ['apps/dashboard/**/*.tsx', 'apps/dashboard/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
