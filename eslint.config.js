// One lint setup: typescript-eslint on the sources, plus the layering rules of the house style (docs/architecture.md).
import tseslint from 'typescript-eslint'

const heavy = ['@polkadot/*', '@inquirer/*', 'conf', '@acala-network/*']
const library = [
  'src/index.ts', 'src/ui.ts', 'src/client.ts', 'src/errors.ts',
  'src/chain/**/*.ts', 'src/wallet/**/*.ts', 'src/scoring/**/*.ts', 'src/protocol/**/*.ts', 'src/miner/**/*.ts',
  'src/subnet/**/*.ts', 'src/stake/**/*.ts', 'src/weights/**/*.ts', 'src/localnet/**/*.ts', 'src/config/**/*.ts',
  'src/util/**/*.ts', 'src/services/**/*.ts',
]
const noCli = {group: ['@oclif/*', '@inquirer/*', 'chalk', 'cli-table3', '**/output/*', '**/commands/*', '**/cli/*'], message: 'library code: no CLI, prompt or styling imports (talk to the person through the Ui)'}
// the @polkadot/api object is touched only in src/chain/
const apiObject = {
  selector: "MemberExpression[property.name='api'][object.name!='this']",
  message: 'only src/chain/ touches the @polkadot/api object: add a read to src/chain/reads.ts or a builder to src/chain/calls/',
}
const apiImport = {selector: "ImportExpression[source.value='@polkadot/api']", message: 'only src/chain/ loads @polkadot/api'}
const internals = /^(\.\.\/)+(chain|wallet|stake|subnet|weights|miner|protocol|scoring|localnet|config|output|util)\//.source

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts', 'packages/*/dist/**', 'packages/*/node_modules/**']},
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs', 'packages/*/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', caughtErrors: 'none', varsIgnorePattern: '^_'}],
      'no-empty': ['error', {allowEmptyCatch: true}],
    },
  },
  {
    // the library: no CLI framework, prompts or terminal styling; @polkadot/api values only in src/chain/
    files: library,
    ignores: ['src/chain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{name: '@polkadot/api', allowTypeImports: true, message: 'only src/chain/ uses @polkadot/api'}],
        patterns: [noCli],
      }],
      'no-restricted-syntax': ['error', apiObject, apiImport, {selector: 'CallExpression[callee.object.name="process"][callee.property.name="exit"]', message: 'only the base command ends the process'}],
    },
  },
  {
    files: ['src/chain/**/*.ts'],
    rules: {'@typescript-eslint/no-restricted-imports': ['error', {patterns: [noCli]}]},
  },
  {
    // a command: flags → options → its service → its renderers. Heavy packages lazily; no domain modules.
    files: ['src/commands/**/*.ts', 'packages/*/src/commands/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {patterns: [
        {allowTypeImports: true, group: heavy, message: 'load heavy packages lazily with await import() (start-up budget)'},
        {allowTypeImports: true, regex: internals, message: 'a command imports its service and renderers only (src/services, src/cli)'},
      ]}],
      'no-restricted-syntax': ['error',
        apiImport,
        apiObject,
        {selector: `ImportExpression[source.value=/${internals}/]`, message: 'a command imports its service and renderers only (src/services, src/cli)'},
        {selector: 'CallExpression[callee.object.name="process"][callee.property.name="exit"]', message: 'only the base command ends the process'},
        {selector: "CallExpression[callee.object.name='process'][callee.property.name=/^(on|once)$/]", message: 'only the base command handles signals'},
      ],
    },
  },
  {
    // a plugin (packages/*, e.g. tao-localnet) builds on tao-cli/plugin: no @polkadot/api of its own
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/commands/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {paths: [{name: '@polkadot/api', allowTypeImports: true, message: 'only src/chain/ uses @polkadot/api'}]}],
      'no-restricted-syntax': ['error', apiObject, apiImport],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {patterns: [{allowTypeImports: true, group: heavy, message: 'load heavy packages lazily with await import() (start-up budget)'}]}],
      'no-restricted-syntax': ['error', apiImport, apiObject],
    },
  },
)
