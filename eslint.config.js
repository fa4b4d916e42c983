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
const electron = ['electron', 'electron/**'];

/** The layers above `layer`, as import patterns (a layer never imports one above it). */
const ORDER = ['shared', 'audio', 'engine', 'services', 'app', 'hosts', 'cli', 'preload', 'renderer'];
const FOLDER = {
  shared: ['**/shared/**'],
  audio: ['**/audio/**'],
  engine: ['**/engine/**'],
  services: ['**/services/**'],
  app: ['**/main/**', '**/app/**'],
  hosts: ['**/hosts/**'],
  cli: ['**/cli/**'],
  preload: ['**/preload/**'],
  renderer: ['**/renderer/**'],
};
const above = (layer) => ORDER.slice(ORDER.indexOf(layer) + 1).flatMap((name) => FOLDER[name]);

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
  // The layers of the tree, top to bottom. Each folder may import only what lies below it:
  //   renderer, preload | cli | main/hosts/electron > main/hosts/headless > main/app > services >
  //   engine > audio > shared
  // Only the Electron host (and the preload) may import electron. tests/unit/layer-rules.test.ts
  // lints a deliberate violation of each rule.
  {
    files: ['src/shared/**'],
    rules: boundary('src/shared is used by every process: no Node, Electron or other src folder.', [
      ...nodeBuiltins,
      ...electron,
      ...above('shared'),
    ]),
  },
  {
    files: ['src/audio/**'],
    rules: boundary('src/audio is shared by the engine, the services and the CLI: it imports only shared.', [
      ...electron,
      ...above('audio'),
    ]),
  },
  {
    files: ['src/engine/**'],
    rules: boundary('The engine runs under plain Node: never Electron, the services, main or the CLI.', [
      ...electron,
      ...above('engine'),
    ]),
  },
  {
    files: ['src/services/**'],
    rules: boundary('Services are the domain: they import no app, host, CLI or Electron code.', [
      ...electron,
      ...above('services'),
    ]),
  },
  {
    files: ['src/main/app/**'],
    rules: boundary('The app layer wires services; it imports no host and no Electron.', [
      ...electron,
      ...above('app'),
    ]),
  },
  {
    files: ['src/main/hosts/headless/**'],
    rules: boundary('The headless host runs under plain Node: no Electron and no Electron host code.', [
      ...electron,
      '**/hosts/electron/**',
      '**/electron/**',
      ...above('hosts'),
    ]),
  },
  {
    files: ['src/main/hosts/electron/**'],
    rules: boundary('The Electron host talks to the window through IPC, not by importing it.', [
      ...above('hosts'),
      '**/hosts/headless/**',
      '**/headless/**',
    ]),
  },
  {
    files: ['src/cli/**'],
    rules: boundary('The CLI runs under plain Node: never Electron, the main process or the window.', [
      ...electron,
      '**/main/**',
      '**/renderer/**',
      '**/preload/**',
    ]),
  },
  {
    files: ['src/preload/**'],
    rules: boundary("The preload is the window's bridge: it imports only electron and src/shared.", [
      ...nodeBuiltins,
      '**/main/**',
      '**/services/**',
      '**/engine/**',
      '**/audio/**',
      '**/cli/**',
      '**/renderer/**',
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
        [
          ...nodeBuiltins,
          ...electron,
          '**/main/**',
          '**/services/**',
          '**/engine/**',
          '**/audio/**',
          '**/cli/**',
        ],
      ),
    },
  },
);
