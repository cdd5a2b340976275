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

// ---- subnet (src/subnet/calls.ts) -------------------------------------------------------------------------
import {burnedRegisterCall, registerNetworkCall} from '../../src/subnet/calls.js'

CALL_SAMPLES.push(
  {
    build: (tx) => burnedRegisterCall(tx, {hotkey: BOB, netuid: 3}),
    expect: {218: 'subtensorModule.burnedRegister', 381: 'subtensorModule.burnedRegister'},
    name: 'subnet register',
  },
  {
    // with a price limit: register_limit where the runtime has it (397+), else burned_register (limit pre-checked only)
    build: (tx) => burnedRegisterCall(tx, {hotkey: BOB, limitRao: 2_000_000_000n, netuid: 3}),
    expect: {218: 'subtensorModule.burnedRegister', 381: 'subtensorModule.burnedRegister'},
    name: 'subnet register --max-burn',
  },
  {
    // register_network(hotkey, mechid) at 218; register_network(hotkey) since 233
    build: (tx) => registerNetworkCall(tx, {hotkey: BOB}),
    expect: {218: 'subtensorModule.registerNetwork', 381: 'subtensorModule.registerNetwork'},
    name: 'subnet create',
  },
  {
    // identity V1 (3 fields) + mechid at 218; identity V3 (8 fields) since 283
    build: (tx) => registerNetworkCall(tx, {hotkey: BOB, identity: {contact: 'ops@example.com', github: 'https://github.com/example/sn', name: 'example'}, mechid: 1}),
    expect: {218: 'subtensorModule.registerNetworkWithIdentity', 381: 'subtensorModule.registerNetworkWithIdentity'},
    name: 'subnet create with identity',
  },
)
