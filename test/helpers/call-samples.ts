/**
 * One sample invocation of every call builder tao uses. test/unit/calls-381.test.ts encodes each against the
 * spec-381 metadata; test/integration/calls-218.test.ts against the running spec-218 chain. Add a row for
 * every new builder (and, where a call does not exist on a runtime, say which runtime difference it handles).
 */
import type {TxNamespace} from '../../src/chain/calls/index.js'

import {transferCall} from '../../src/chain/calls/balances.js'
import {batchRevealWeightsCall, commitTimelockedWeightsCall, commitWeightsCall, revealWeightsCall, setWeightsCall} from '../../src/chain/calls/weights.js'
import {submitEncryptedCall} from '../../src/chain/calls/mev.js'
import * as multisig from '../../src/chain/calls/multisig.js'
import * as proxy from '../../src/chain/calls/proxy.js'
import * as stake from '../../src/chain/calls/stake.js'
import {KEYS_CALL_SAMPLES} from './call-samples-keys.js'

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
  // ---- staking (src/stake/calls.ts): the *_limit, transfer/swap and unstake_all calls arrived at 233;
  // become_delegate was removed at 315 (delegates became automatic)
  {
    build: (tx) => stake.addStakeCall(tx, {amountRao: 100_000_000_000n, hotkey: ALICE, netuid: 1}),
    expect: {218: 'subtensorModule.addStake', 381: 'subtensorModule.addStake'},
    name: 'stake add',
  },
  {
    build: (tx) => stake.addStakeLimitCall(tx, {allowPartial: false, amountRao: 1_000_000_000n, hotkey: ALICE, limitPriceRao: 1_005_000_000n, netuid: 1}),
    expect: {218: null, 381: 'subtensorModule.addStakeLimit'},
    name: 'stake add with price limit',
  },
  {
    build: (tx) => stake.removeStakeCall(tx, {amountAlphaRao: 50_000_000_000n, hotkey: ALICE, netuid: 1}),
    expect: {218: 'subtensorModule.removeStake', 381: 'subtensorModule.removeStake'},
    name: 'stake remove (alpha)',
  },
  {
    build: (tx) => stake.removeStakeLimitCall(tx, {allowPartial: true, amountAlphaRao: 1n, hotkey: ALICE, limitPriceRao: 995_000_000n, netuid: 1}),
    expect: {218: null, 381: 'subtensorModule.removeStakeLimit'},
    name: 'stake remove with price limit',
  },
  {
    build: (tx) => stake.removeStakeFullLimitCall(tx, {hotkey: ALICE, limitPriceRao: 995_000_000n, netuid: 1}),
    expect: {218: null, 381: 'subtensorModule.removeStakeFullLimit'},
    name: 'stake remove all with price limit',
  },
  {
    build: (tx) => stake.removeStakeFullLimitCall(tx, {hotkey: ALICE, netuid: 1}),
    expect: {218: null, 381: 'subtensorModule.removeStakeFullLimit'},
    name: 'stake remove all without price limit',
  },
  {
    build: (tx) => stake.unstakeAllCall(tx, {hotkey: ALICE}),
    expect: {218: null, 381: 'subtensorModule.unstakeAll'},
    name: 'unstake all subnets',
  },
  {
    build: (tx) => stake.moveStakeCall(tx, {amountAlphaRao: 10n, destinationHotkey: BOB, destinationNetuid: 2, originHotkey: ALICE, originNetuid: 1}),
    expect: {218: 'subtensorModule.moveStake', 381: 'subtensorModule.moveStake'},
    name: 'stake move',
  },
  {
    build: (tx) => stake.transferStakeCall(tx, {amountAlphaRao: 10n, destinationColdkey: BOB, destinationNetuid: 1, hotkey: ALICE, originNetuid: 1}),
    expect: {218: null, 381: 'subtensorModule.transferStake'},
    name: 'stake transfer',
  },
  {
    build: (tx) => stake.swapStakeCall(tx, {amountAlphaRao: 10n, destinationNetuid: 2, hotkey: ALICE, originNetuid: 1}),
    expect: {218: null, 381: 'subtensorModule.swapStake'},
    name: 'stake swap',
  },
  {
    build: (tx) => stake.swapStakeLimitCall(tx, {allowPartial: false, amountAlphaRao: 10n, destinationNetuid: 2, hotkey: ALICE, limitPriceRao: 990_000_000n, originNetuid: 1}),
    expect: {218: null, 381: 'subtensorModule.swapStakeLimit'},
    name: 'stake swap with price limit',
  },
  {
    build: (tx) => stake.becomeDelegateCall(tx, {hotkey: ALICE}),
    expect: {218: 'subtensorModule.becomeDelegate', 381: null},
    name: 'become delegate',
  },
  {
    build: (tx) => stake.increaseTakeCall(tx, {hotkey: ALICE, take: 11_796}),
    expect: {218: 'subtensorModule.increaseTake', 381: 'subtensorModule.increaseTake'},
    name: 'delegate take increase',
  },
  {
    build: (tx) => stake.decreaseTakeCall(tx, {hotkey: ALICE, take: 5_898}),
    expect: {218: 'subtensorModule.decreaseTake', 381: 'subtensorModule.decreaseTake'},
    name: 'delegate take decrease',
  },
]

// ---- miner (src/miner/chain.ts) ------------------------------------------------------------------
import {serveAxonCall} from '../../src/chain/calls/serve.js'

CALL_SAMPLES.push({
  // the vectors' example: netuid 1, 1.2.3.4:8091, IPv4, protocol 4, version 10.2.0
  build: (tx) => serveAxonCall(tx, {ip: 16909060n, ipType: 4, netuid: 1, port: 8091, protocol: 4, version: 10_002_000}),
  expect: {218: 'subtensorModule.serveAxon', 381: 'subtensorModule.serveAxon'},
  name: 'miner announce (serve_axon, IPv4)',
})

// ---- subnet (src/subnet/calls.ts) -------------------------------------------------------------------------
import {burnedRegisterCall, registerNetworkCall} from '../../src/chain/calls/subnet.js'

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

// ---- child hotkeys and the subnet owner (src/chain/calls/owner.ts) -------------------------------------------
import {adminCall, batchAllCall, setChildkeyTakeCall, setChildrenCall, setSubnetIdentityCall, startCallCall, sudoCall} from '../../src/chain/calls/owner.js'
import {setterOf} from '../../src/subnet/owner.js'

const setter = (tx: TxNamespace, name: string) => {
  const s = setterOf(tx, name)
  if (!s) throw new Error(`no setter for ${name}`)
  return s.method
}

CALL_SAMPLES.push(
  {
    build: (tx) => setChildrenCall(tx, {children: [[7_378_697_629_483_820_646n, BOB], [4_611_686_018_427_387_903n, ALICE]], hotkey: ALICE, netuid: 3}),
    expect: {218: 'subtensorModule.setChildren', 381: 'subtensorModule.setChildren'},
    name: 'stake child set',
  },
  {
    build: (tx) => setChildrenCall(tx, {children: [], hotkey: ALICE, netuid: 3}),
    expect: {218: 'subtensorModule.setChildren', 381: 'subtensorModule.setChildren'},
    name: 'stake child revoke',
  },
  {
    build: (tx) => setChildkeyTakeCall(tx, {hotkey: ALICE, netuid: 3, take: 3277}),
    expect: {218: 'subtensorModule.setChildkeyTake', 381: 'subtensorModule.setChildkeyTake'},
    name: 'stake child take --set',
  },
  {
    // start_call exists from 257: at 218 the command says the runtime starts subnets at registration
    build: (tx) => startCallCall(tx, {netuid: 3}),
    expect: {218: null, 381: 'subtensorModule.startCall'},
    name: 'subnet start',
  },
  {
    // 3 fields at 218, 8 at 381, read from the call's own arguments
    build: (tx) => setSubnetIdentityCall(tx, {netuid: 3, values: {githubRepo: 'https://github.com/example/sn', subnetName: 'example'}}),
    expect: {218: 'subtensorModule.setSubnetIdentity', 381: 'subtensorModule.setSubnetIdentity'},
    name: 'subnet identity set',
  },
  {
    build: (tx) => adminCall(tx, setter(tx, 'immunity_period'), [3, 5000n]),
    expect: {218: 'adminUtils.sudoSetImmunityPeriod', 381: 'adminUtils.sudoSetImmunityPeriod'},
    name: 'subnet set immunity_period (owner)',
  },
  {
    // max_weights_limit has a setter at 218 only
    build: (tx) => adminCall(tx, setter(tx, 'max_weights_limit'), [3, 32_768n]),
    expect: {218: 'adminUtils.sudoSetMaxWeightLimit', 381: null},
    name: 'subnet set max_weights_limit',
  },
  {
    build: (tx) => batchAllCall(tx, [adminCall(tx, setter(tx, 'min_burn'), [3, 500_000_000n]), adminCall(tx, setter(tx, 'serving_rate_limit'), [3, 10n])]),
    expect: {218: 'utility.batchAll', 381: 'utility.batchAll'},
    name: 'subnet set two parameters (batch_all)',
  },
  {
    build: (tx) => sudoCall(tx, adminCall(tx, setter(tx, 'commit_reveal_weights_enabled'), [3, true])),
    expect: {218: 'sudo.sudo', 381: 'sudo.sudo'},
    name: 'subnet set --sudo commit_reveal_weights_enabled',
  },
  {
    build: (tx) => adminCall(tx, setter(tx, 'alpha_low'), [3, 45_875n, 58_982n]),
    expect: {218: 'adminUtils.sudoSetAlphaValues', 381: 'adminUtils.sudoSetAlphaValues'},
    name: 'subnet set alpha_low/alpha_high',
  },
)
CALL_SAMPLES.push(...KEYS_CALL_SAMPLES)
// proxies (src/chain/calls/proxy.ts): the Proxy pallet is at 218 and 381; the type is the runtime's enum by name
CALL_SAMPLES.push(
  {
    build: (tx) => proxy.addProxyCall(tx, {delay: 0, delegate: BOB, proxyType: 'Staking'}),
    expect: {218: 'proxy.addProxy', 381: 'proxy.addProxy'},
    name: 'proxy add',
  },
  {
    build: (tx) => proxy.removeProxyCall(tx, {delay: 100, delegate: BOB, proxyType: 'NonTransfer'}),
    expect: {218: 'proxy.removeProxy', 381: 'proxy.removeProxy'},
    name: 'proxy remove',
  },
  {
    build: (tx) => proxy.createPureCall(tx, {delay: 0, index: 0, proxyType: 'Any'}),
    expect: {218: 'proxy.createPure', 381: 'proxy.createPure'},
    name: 'proxy create-pure',
  },
  {
    build: (tx) => proxy.killPureCall(tx, {extIndex: 2, height: 1234, index: 0, proxyType: 'Any', spawner: ALICE}),
    expect: {218: 'proxy.killPure', 381: 'proxy.killPure'},
    name: 'proxy kill-pure',
  },
  {
    build: (tx) => proxy.proxyCall(tx, {call: transferCall(tx, {amountRao: 1n, dest: BOB}), proxyType: 'Transfer', real: ALICE}),
    expect: {218: 'proxy.proxy', 381: 'proxy.proxy'},
    name: '--proxy (Proxy.proxy wrapping a transfer)',
  },
  {
    build: (tx) => proxy.announceCall(tx, {callHash: `0x${'ab'.repeat(32)}`, real: ALICE}),
    expect: {218: 'proxy.announce', 381: 'proxy.announce'},
    name: '--announce-only (Proxy.announce)',
  },
  {
    build: (tx) => proxy.proxyAnnouncedCall(tx, {call: transferCall(tx, {amountRao: 1n, dest: BOB}), delegate: BOB, real: ALICE}),
    expect: {218: 'proxy.proxyAnnounced', 381: 'proxy.proxyAnnounced'},
    name: 'proxy execute (Proxy.proxy_announced)',
  },
)

// multisig (src/chain/calls/multisig.ts): the Multisig pallet is at 218 and 381
CALL_SAMPLES.push(
  {
    build: (tx) => multisig.asMultiThreshold1Call(tx, {call: transferCall(tx, {amountRao: 1n, dest: BOB}), others: [BOB]}),
    expect: {218: 'multisig.asMultiThreshold1', 381: 'multisig.asMultiThreshold1'},
    name: '--multisig, threshold 1',
  },
  {
    build: (tx) => multisig.asMultiCall(tx, {call: transferCall(tx, {amountRao: 1n, dest: BOB}), maxWeight: {proofSize: 3593n, refTime: 200_000_000n}, others: [BOB], threshold: 2}),
    expect: {218: 'multisig.asMulti', 381: 'multisig.asMulti'},
    name: '--multisig, first approval (as_multi, no timepoint)',
  },
  {
    build: (tx) => multisig.asMultiCall(tx, {call: transferCall(tx, {amountRao: 1n, dest: BOB}), maxWeight: {proofSize: 3593n, refTime: 200_000_000n}, others: [BOB], threshold: 2, timepoint: {height: 100, index: 2}}),
    expect: {218: 'multisig.asMulti', 381: 'multisig.asMulti'},
    name: '--multisig, final approval (as_multi with timepoint)',
  },
  {
    build: (tx) => multisig.approveAsMultiCall(tx, {callHash: `0x${'cd'.repeat(32)}`, maxWeight: {proofSize: 0n, refTime: 1n}, others: [ALICE, BOB], threshold: 3, timepoint: {height: 100, index: 2}}),
    expect: {218: 'multisig.approveAsMulti', 381: 'multisig.approveAsMulti'},
    name: '--multisig, intermediate approval',
  },
  {
    build: (tx) => multisig.cancelAsMultiCall(tx, {callHash: `0x${'cd'.repeat(32)}`, others: [BOB], threshold: 2, timepoint: {height: 100, index: 2}}),
    expect: {218: 'multisig.cancelAsMulti', 381: 'multisig.cancelAsMulti'},
    name: 'multisig cancel',
  },
)

// MEV shield (src/chain/calls/mev.ts): only the newer runtime has MevShield.submit_encrypted
CALL_SAMPLES.push({
  build: (tx) => submitEncryptedCall(tx, {ciphertext: `0x0004${'11'.repeat(4)}${'22'.repeat(24)}${'33'.repeat(20)}`, commitment: `0x${'ef'.repeat(32)}`}),
  expect: {218: null, 381: 'mevShield.submitEncrypted'},
  name: '--mev-shield (MevShield.submit_encrypted)',
})

/**
 * --proxy / --multisig on every coldkey mutation: the call each command builds, wrapped as the wrapper sends it
 * (Proxy.proxy with the runtime's proxy type; Multisig.as_multi for a first approval). Where the inner call does
 * not exist on a runtime (null), the wrapped one cannot be built there either.
 */
const WRAPPED = [
  'stake move',
  'stake transfer',
  'stake swap',
  'become delegate',
  'delegate take increase',
  'delegate take decrease',
  'subnet register',
  'subnet create',
  'stake child set',
  'stake child revoke',
  'stake child take --set',
  'subnet start',
  'subnet identity set',
  'subnet set immunity_period (owner)',
  'subnet set two parameters (batch_all)',
  'subnet register --netuid 0 (root_register)',
  'wallet swap-hotkey (every subnet)',
  'wallet associate-hotkey',
  'wallet identity set',
  'stake claim-type swap',
  'stake claim',
  'stake auto --set',
]
for (const name of WRAPPED) {
  const base = CALL_SAMPLES.find((s) => s.name === name)
  if (!base) throw new Error(`call-samples: no sample named ${JSON.stringify(name)} to wrap`)
  const wrapped = (expectName: string) => ({218: base.expect[218] === null ? null : expectName, 381: base.expect[381] === null ? null : expectName})
  CALL_SAMPLES.push({build: (tx) => proxy.proxyCall(tx, {call: base.build(tx), proxyType: 'NonTransfer', real: ALICE}), expect: wrapped('proxy.proxy'), name: `${name} --proxy`})
  CALL_SAMPLES.push({
    build: (tx) => multisig.asMultiCall(tx, {call: base.build(tx), maxWeight: {proofSize: 3593n, refTime: 200_000_000n}, others: [BOB], threshold: 2}),
    expect: wrapped('multisig.asMulti'),
    name: `${name} --multisig`,
  })
}
CALL_SAMPLES.push({
  build: (tx) => proxy.proxyCall(tx, {call: stake.moveStakeCall(tx, {amountAlphaRao: 1n, destinationHotkey: BOB, destinationNetuid: 1, originHotkey: ALICE, originNetuid: 1}), proxyType: 'Registration', real: ALICE}),
  expect: {218: 'proxy.proxy', 381: 'proxy.proxy'},
  name: '--proxy with a Registration proxy type',
})
