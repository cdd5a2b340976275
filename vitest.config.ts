import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          include: ['test/unit/**/*.test.ts'],
          name: 'unit',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          // one chopsticks chain per run, shared by every file; files run one after another, each from the head
          // the chain started at (file-setup.ts)
          fileParallelism: false,
          globalSetup: ['test/helpers/global-setup.ts'],
          hookTimeout: 300_000,
          include: ['test/integration/**/*.test.ts'],
          name: 'integration',
          setupFiles: ['test/helpers/file-setup.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
})
