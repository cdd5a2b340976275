// Transitional: the base command lives in src/cli/base-command.ts.
export * from './cli/base-command.js'
