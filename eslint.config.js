import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The engine's layers, bottom to top (README, "Architecture"): an import may only point down.
 * - src-main/contract: the zod schemas and derived types every layer shares; imports nothing of ours.
 * - src-main/util: small helpers with no domain knowledge.
 * - the domains (store, datasets, llm, generate, sweep, similarity, privacy, classify, review, report, doctor)
 *   and test-models (tiny model builders for tests and the demo).
 * - src-main/api, src-main/cli, src-main/electron: the entry points. No domain imports them.
 * - src-renderer: the React client; of the engine it may import only the contract.
 */
const TOP = ['./src-main/api', './src-main/cli', './src-main/electron'];
const DOMAINS = ['store', 'datasets', 'llm', 'generate', 'sweep', 'similarity', 'privacy', 'classify', 'review', 'report', 'test-models', 'doctor'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-renderer/', 'release/', 'node_modules/', 'test-artifacts/', 'coverage/', '.electron-native/', 'test/fixtures/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Only the Electron shell may import electron: everything else must run in plain Node.
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src-main/electron/ may import electron.' }] }],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Dependencies are TypeScript too: parse them with the TypeScript parser so the cycle check can follow them.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.json', 'src-renderer/tsconfig.json'] }),
      ],
    },
    rules: {
      // A cycle makes the load order (and so which module sees an undefined import) an accident.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...DOMAINS.map((d) => ({
              target: `./src-main/${d}`,
              from: TOP,
              message: 'Engine domains sit below api/, cli/ and electron/: move what you need into src-main/contract/ or a domain.',
            })),
            {
              target: './src-main/api',
              from: ['./src-main/cli', './src-main/electron'],
              message: 'api/ serves the CLI and the Electron shell, never the other way round.',
            },
            {
              target: './src-main/contract',
              from: './src-main',
              except: ['./contract'],
              message: 'The contract is the bottom layer: it imports only zod.',
            },
            {
              target: './src-main/util',
              from: './src-main',
              except: ['./util'],
              message: 'util/ holds domain-free helpers: it imports nothing of the engine.',
            },
            {
              target: './src-renderer',
              from: './src-main',
              except: ['./contract'],
              message: 'The renderer talks to the engine through the API only: of src-main it imports the contract.',
            },
          ],
        },
      ],
    },
  },
);
