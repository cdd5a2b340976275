/**
 * Call samples of keys on chain (src/chain/calls/keys.ts, and serve_axon as `miner announce --reset` sends it),
 * appended to CALL_SAMPLES: encoded against spec 381 (test/unit/calls-381.test.ts) and the running spec 218
 * (test/integration/calls-218.test.ts). `null`: the runtime lacks the call (or the argument) and the builder throws.
 */
import type {CallSample} from './call-samples.js'

import {serveAxonCall} from '../../src/chain/calls/serve.js'
import * as keys from '../../src/chain/calls/keys.js'

const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
const CHARLIE = '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y'

export const KEYS_CALL_SAMPLES: CallSample[] = [
  {build: (tx) => keys.rootRegisterCall(tx, BOB), expect: {218: 'subtensorModule.rootRegister', 381: 'subtensorModule.rootRegister'}, name: 'subnet register --netuid 0 (root_register)'},
  {
    build: (tx) => keys.swapHotkeyCall(tx, {hotkey: BOB, newHotkey: CHARLIE}),
    expect: {218: 'subtensorModule.swapHotkey', 381: 'subtensorModule.swapHotkey'},
    name: 'wallet swap-hotkey (every subnet)',
  },
  {
    // 218's swap_hotkey takes no netuid; 381's takes Option<netuid>
    build: (tx) => keys.swapHotkeyCall(tx, {hotkey: BOB, netuid: 3, newHotkey: CHARLIE}),
    expect: {218: null, 381: 'subtensorModule.swapHotkey'},
    name: 'wallet swap-hotkey --netuid',
  },
  {build: (tx) => keys.associateHotkeyCall(tx, BOB), expect: {218: null, 381: 'subtensorModule.tryAssociateHotkey'}, name: 'wallet associate-hotkey'},
  {
    // 218: six fields; 381 adds github_repo (sent empty when not given)
    build: (tx) => keys.setIdentityCall(tx, {description: 'd', discord: 'x#1', name: 'Validator ✓', url: 'https://example.org'}),
    expect: {218: 'subtensorModule.setIdentity', 381: 'subtensorModule.setIdentity'},
    name: 'wallet identity set',
  },
  {build: (tx) => keys.setRootClaimTypeCall(tx, {kind: 'Swap'}), expect: {218: null, 381: 'subtensorModule.setRootClaimType'}, name: 'stake claim-type swap'},
  {
    build: (tx) => keys.setRootClaimTypeCall(tx, {kind: 'KeepSubnets', subnets: [8, 3, 3]}),
    expect: {218: null, 381: 'subtensorModule.setRootClaimType'},
    name: 'stake claim-type keep-subnets',
  },
  {build: (tx) => keys.claimRootCall(tx, [5, 1]), expect: {218: null, 381: 'subtensorModule.claimRoot'}, name: 'stake claim'},
  {build: (tx) => keys.setAutoStakeCall(tx, 3, BOB), expect: {218: null, 381: 'subtensorModule.setColdkeyAutoStakeHotkey'}, name: 'stake auto --set'},
  {
    build: (tx) => serveAxonCall(tx, {ip: 0n, ipType: 4, netuid: 3, port: 1, protocol: 4, version: 10_002_000}),
    expect: {218: 'subtensorModule.serveAxon', 381: 'subtensorModule.serveAxon'},
    name: 'miner announce --reset (serve_axon ip 0)',
  },
]
