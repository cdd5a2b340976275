// One lint setup: typescript-eslint on the sources, plus the layering rules of the house style.
import tseslint from 'typescript-eslint'

const heavy = ['@polkadot/*', '@inquirer/*', 'conf', '@acala-network/*']

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts']},
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', caughtErrors: 'none', varsIgnorePattern: '^_'}],
      'no-empty': ['error', {allowEmptyCatch: true}],
    },
  },
  {
    // domain modules are a library: no CLI framework, prompts or terminal styling in them
    files: ['src/chain/**/*.ts', 'src/wallet/**/*.ts', 'src/scoring/**/*.ts', 'src/miner/**/*.ts', 'src/subnet/**/*.ts', 'src/stake/**/*.ts', 'src/weights/**/*.ts', 'src/localnet/**/*.ts', 'src/config/**/*.ts', 'src/util/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [{group: ['@oclif/*', '@inquirer/*', 'chalk', 'cli-table3', '**/output/*', '**/commands/*'], message: 'domain code is a library: no CLI, prompt or styling imports'}]}],
    },
  },
  {
    // commands load heavy libraries lazily (start-up budget): type imports only at top level
    files: ['src/commands/**/*.ts', 'src/base-command.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {patterns: [{allowTypeImports: true, group: heavy, message: 'load heavy packages lazily with await import() (start-up budget)'}]}],
    },
  },
)
