// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import regexp from 'eslint-plugin-regexp';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Who may import whom (see docs/ARCHITECTURE in the handbook): a file's folder tells where it runs. */
const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'util',
  'stream',
  'events',
  'worker_threads',
];
const NATIVE = ['better-sqlite3', 'sharp'];

/**
 * One `no-restricted-imports` setting from several rules, each with its own message. A later
 * block's setting replaces an earlier one for the same file whole, so a block that narrows
 * what a folder may import restates what the folder's earlier block forbids.
 */
const restrictions = (...rules) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: rules.flatMap(({ message, paths = [] }) => paths.map((name) => ({ name, message }))),
      patterns: rules.map(({ group, message }) => ({ group, message })),
    },
  ],
});
const restrict = (group, message, paths = []) => restrictions({ group, message, paths });

const NOT_UI = {
  group: ['**/renderer/**', '**/main/*', '**/preload/*'],
  message: 'The engine and the Node hosts never import Electron or the UI.',
  paths: ['electron'],
};
const MAIN_NOT_UI = { group: ['**/renderer/**', '**/preload/*'], message: 'Main does not import UI code.' };
/** The engine's parts behind the workstation: for tests, benchmarks and e2e fixtures, never for a host. */
const NO_ENGINE_INTERNALS = {
  group: ['**/services/testing/internals'],
  message: 'Hosts use the Engine API (the workstation) and the contract, never the internals of the engine.',
};
/** A CLI command is a thin adapter: the Engine API, `call()`, and pure helpers. */
const CLI_ENGINE_API = {
  group: ['**/services/**', '!**/services/workstation', '!**/services/version'],
  message: 'CLI commands use the Engine API (services/workstation) and call(), nothing else of the engine.',
};
const HOST_TESTS = ['**/*.test.ts'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  regexp.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'scripts/*.cjs', 'bin/*.cjs'],
          // The build and start scripts are few and small; they are checked without a tsconfig of their own.
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
      eqeqeq: ['error', 'always'],
      // One word per concept (CONVENTIONS.md): a release, never an article or a post.
      'id-denylist': ['error', 'article', 'articles', 'post', 'posts', 'note', 'notes'],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['bin/*.cjs', 'scripts/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Text from outside (imported pages, photo metadata, HTTP requests) meets these patterns: a regex
  // that backtracks super-linearly turns a few thousand characters into minutes of work.
  {
    files: [
      'electron/**/*.ts',
      'shared/**/*.ts',
      'renderer/**/*.{ts,tsx}',
      'bench/**/*.ts',
      'e2e/**/*.ts',
      'scripts/**/*.{mjs,cjs,js}',
      'bin/**/*.cjs',
    ],
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  // shared/: no Node, no DOM, no Electron: it runs everywhere.
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict(
      [...NODE_BUILTINS, ...NATIVE, 'react', 'react-dom', '@tiptap/*', '**/electron/**', '**/renderer/**'],
      'shared/ must stay free of Node, DOM, Electron and UI code.',
      ['electron'],
    ),
  },
  // The engine never imports electron.
  {
    files: ['electron/services/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'bench/**/*.ts'],
    rules: restrictions(NOT_UI),
  },
  // The hosts reach the engine through the Engine API only (their tests may look inside).
  {
    files: ['electron/web/**/*.ts'],
    ignores: HOST_TESTS,
    rules: restrictions(NOT_UI, NO_ENGINE_INTERNALS),
  },
  {
    files: ['electron/cli/**/*.ts'],
    ignores: HOST_TESTS,
    rules: restrictions(NOT_UI, NO_ENGINE_INTERNALS, CLI_ENGINE_API),
  },
  // The preload exposes the bridge and nothing else (no services at all, so no engine internals either).
  {
    files: ['electron/preload/**/*.ts'],
    rules: restrict(
      [...NODE_BUILTINS, ...NATIVE, '**/services/**', '**/renderer/**', '**/shared/domain/**', '**/shared/document/**'],
      'The preload may import only electron, shared/contract and shared/commands.',
    ),
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: restrictions(MAIN_NOT_UI),
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: HOST_TESTS,
    rules: restrictions(MAIN_NOT_UI, NO_ENGINE_INTERNALS),
  },
  // The renderer runs in a sandboxed browser page.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [...NODE_BUILTINS, ...NATIVE, '**/electron/**'],
        'The renderer reaches the system only through src/api.',
        ['electron'],
      ),
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
