import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerBlocks } from './eslint.layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'admin-ui/**', 'data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in src/config (STYLE 7).' },
      ],
    },
  },
  {
    files: ['src/config/**', 'src/main.ts', 'test/**', 'bench/**', '**/*.spec.ts', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  ...layerBlocks,
  {
    // Modules kept out of start-up (README "Performance"), each reached through one file.
    files: ['src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'src/config/re2.ts', 'src/health/health-check.docs.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 're2js',
              allowTypeImports: true,
              message: 'RE2 loads with the first pattern compiled: take it from re2() in #src/config/re2.js.',
            },
            {
              name: '@nestjs/swagger',
              allowTypeImports: true,
              message:
                'Swagger loads on the first request for the docs: take its decorators from #src/core/api-docs.js.',
            },
            {
              name: '@nestjs/terminus',
              importNames: ['HealthCheck'],
              message:
                "Terminus's HealthCheck loads Swagger at start: use HealthEndpoint() from #src/health/health-check.docs.js.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
