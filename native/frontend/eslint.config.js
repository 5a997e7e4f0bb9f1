// Flat config: typescript-eslint, react-hooks, and the bulletproof-react import direction
// shared (components, lib, types, testing) -> features -> app, enforced with
// import/no-restricted-paths. A feature never imports another feature; the app composes them.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const FEATURES = [
  'attachments', 'audit', 'auth', 'comments', 'dashboard', 'notifications', 'profile',
  'tickets', 'users',
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/types/api.d.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: globals.browser },
    plugins: { 'react-hooks': reactHooks, import: importPlugin },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'import/no-cycle': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'User text is only ever rendered as React text.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'sessionStorage', message: 'No tokens or session data in web storage.' },
      ],
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            // A feature imports neither another feature nor the app.
            ...FEATURES.map((feature) => ({
              target: `./src/features/${feature}`,
              from: './src/features',
              except: [`./${feature}`],
              message: 'A feature may not import another feature; compose them in src/app.',
            })),
            { target: './src/features', from: './src/app', message: 'Features may not import the app.' },
            // Shared code imports neither features nor the app.
            {
              target: ['./src/components', './src/lib', './src/types', './src/testing'],
              from: ['./src/features', './src/app'],
              message: 'Shared modules may not import features or the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
);
