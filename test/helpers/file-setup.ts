/** Runs in every integration file before its own hooks: the file starts on the suite chain as it began. */
import {beforeAll, inject} from 'vitest'

import {resetChain} from './chain-reset.js'

beforeAll(async () => {
  const endpoint = inject('endpoint')
  const base = inject('baseBlock')
  if (endpoint && base) await resetChain(endpoint, base)
}, 120_000)
