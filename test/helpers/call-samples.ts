/**
 * One sample invocation of every call builder tao uses. test/unit/calls-381.test.ts encodes each against the
 * spec-381 metadata; test/integration/calls-218.test.ts against the running spec-218 chain. Add a row for
 * every new builder (and, where a call does not exist on a runtime, say which runtime difference it handles).
 */
import type {TxNamespace} from '../../src/chain/calls.js'

import {transferCall} from '../../src/chain/calls.js'
import {batchRevealWeightsCall, commitTimelockedWeightsCall, commitWeightsCall, revealWeightsCall, setWeightsCall} from '../../src/weights/calls.js'

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
  // weights (src/weights/calls.ts)
  {
    build: (tx) => setWeightsCall(tx, {netuid: 3, uids: [0, 1, 2], values: [65535, 32768, 1], versionKey: 0n}),
    expect: {218: 'subtensorModule.setWeights', 381: 'subtensorModule.setWeights'},
    name: 'weights set',
  },
  {
    build: (tx) => commitWeightsCall(tx, {hash: '0xe30edb710dd8b9b9889285aff7488e9d8c6197a301b0a39740b9e653614a3f83', netuid: 3}),
    expect: {218: 'subtensorModule.commitWeights', 381: 'subtensorModule.commitWeights'},
    name: 'weights commit (hash)',
  },
  {
    build: (tx) => revealWeightsCall(tx, {netuid: 3, salt: [1, 2, 3, 4, 5, 6, 7, 8], uids: [0, 1], values: [65535, 10], versionKey: 7n}),
    expect: {218: 'subtensorModule.revealWeights', 381: 'subtensorModule.revealWeights'},
    name: 'weights reveal',
  },
  {
    build: (tx) =>
      batchRevealWeightsCall(tx, 3, [
        {netuid: 3, salt: [9], uids: [0], values: [65535], versionKey: 0n},
        {netuid: 3, salt: [4, 2], uids: [0, 1], values: [5, 7], versionKey: 0n},
      ]),
    expect: {218: 'subtensorModule.batchRevealWeights', 381: 'subtensorModule.batchRevealWeights'},
    name: 'weights batch reveal',
  },
  {
    // no Drand pallet and no timelocked commits at spec 218
    build: (tx) => commitTimelockedWeightsCall(tx, {commit: new Uint8Array(299).fill(7), commitRevealVersion: 4, netuid: 3, revealRound: 1000n}),
    expect: {218: null, 381: 'subtensorModule.commitTimelockedWeights'},
    name: 'weights commit (timelocked)',
  },
]
