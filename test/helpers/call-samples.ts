/**
 * One sample invocation of every call builder tao uses. test/unit/calls-381.test.ts encodes each against the
 * spec-381 metadata; test/integration/calls-218.test.ts against the running spec-218 chain. Add a row for
 * every new builder (and, where a call does not exist on a runtime, say which runtime difference it handles).
 */
import type {TxNamespace} from '../../src/chain/calls.js'

import {transferCall} from '../../src/chain/calls.js'

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'

export interface CallSample {
  name: string
  /** the call `section.method` it must produce on each runtime */
  expect: {218: string | null; 381: string | null}
  build: (tx: TxNamespace) => any
}

export const CALL_SAMPLES: CallSample[] = [
  {
    build: (tx) => transferCall(tx, {amountRao: 1_500_000_000n, dest: BOB}),
    expect: {218: 'balances.transferKeepAlive', 381: 'balances.transferKeepAlive'},
    name: 'wallet transfer (keep alive)',
  },
  {
    build: (tx) => transferCall(tx, {amountRao: 1n, dest: BOB, keepAlive: false}),
    expect: {218: 'balances.transferAllowDeath', 381: 'balances.transferAllowDeath'},
    name: 'wallet transfer (allow death)',
  },
]

// ---- miner (src/miner/chain.ts) ------------------------------------------------------------------
import {serveAxonCall} from '../../src/miner/chain.js'

CALL_SAMPLES.push({
  // the vectors' example: netuid 1, 1.2.3.4:8091, IPv4, protocol 4, version 10.2.0
  build: (tx) => serveAxonCall(tx, {ip: 16909060n, ipType: 4, netuid: 1, port: 8091, protocol: 4, version: 10_002_000}),
  expect: {218: 'subtensorModule.serveAxon', 381: 'subtensorModule.serveAxon'},
  name: 'miner announce (serve_axon, IPv4)',
})
