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
    files: ['**/*.ts'],
    plugins: { isotrope: { rules: { 'layer-imports': layerImports } } },
    rules: { 'isotrope/layer-imports': 'error' },
  },
);
