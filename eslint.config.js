// Lint rules for the whole repository: typescript-eslint's recommended set on sources and tests,
// and our own rule that app/'s layers import lower layers only, through their public lists.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerImports } from './eslint-layer-imports.js';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS where a dependency require()s our file (resources/install/electron-get).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.ts'],
    plugins: { isotrope: { rules: { 'layer-imports': layerImports } } },
    rules: { 'isotrope/layer-imports': 'error' },
  },
);
