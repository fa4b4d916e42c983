// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/promises',
  'path',
  'os',
  'child_process',
  'crypto',
  'url',
  'module',
  'worker_threads',
  'net',
  'http',
  'https',
  'stream',
];

/** Process boundaries of the design card, enforced: which process may import what. */
const boundary = (message, patterns) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.tools/**', '.cache/**', 'native/*/build/**', 'release/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: boundary('src/shared is used by every process: no Node or Electron imports.', [
      ...nodeBuiltins,
      'electron',
      '**/main/**',
      '**/engine/**',
      '**/renderer/**',
    ]),
  },
  {
    files: ['src/engine/**', 'src/cli/**'],
    rules: boundary('The engine and the CLI run under plain Node: never import Electron or the renderer.', [
      'electron',
      '**/renderer/**',
      '**/preload/**',
    ]),
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...boundary(
        'The renderer is a web page: talk to main through window.dictation, never Node or Electron.',
        [...nodeBuiltins, 'electron', '**/main/**', '**/engine/**', '**/cli/**'],
      ),
    },
  },
);
