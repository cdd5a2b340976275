/**
 * Root registration (`root_register`, `subnet register --netuid 0`): the checks of the runtime's
 * `do_root_register` read at one block and refused before anything is signed, then submission and the root uid.
 * The runtime checks, in order: the root network exists (`RootNetworkDoesNotExist`); registrations this block
 * below MaxRegistrationsPerBlock[0] (`TooManyRegistrationsThisBlock`); this interval below
 * 3 × TargetRegistrationsPerInterval[0] (`TooManyRegistrationsThisInterval`); the hotkey has no root uid yet
 * (`HotKeyAlreadyRegisteredInSubNet`); and when root is full (SubnetworkN[0] ≥ MaxAllowedUids[0]) the hotkey's stake
 * must exceed the lowest root validator's, which it replaces (`StakeTooLowForRoot`). There is no burn.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {OpRun} from '../stake/common.js'
import type {RegisterPlan, RegisterResult} from './register.js'

import {txOf} from '../chain/calls/index.js'
import {rootRegisterCall} from '../chain/calls/keys.js'
import {readItems, totalHotkeyAlphas} from '../chain/keys-reads.js'
import {entriesAt, bestHead, num} from '../chain/runtime-api.js'
import {balanceFrom, systemAccount, zeroAccount} from '../chain/reads.js'
import {queryAt} from '../chain/runtime-api.js'
import {InputError} from '../errors.js'
import {formatTao} from '../util/amount.js'
import {feeOnColdkey, refusal} from './register.js'
import {sm} from './read.js'

/** What the root pre-check looked at (pure input of `rootRefusal`). */
export interface RootSnapshot {
  exists: boolean
  uid: number | null
  hotkeyOwner: string | null
  coldkey: string
  regsThisBlock: number
  maxRegsPerBlock: number
  regsThisInterval: number
  maxRegsThisInterval: number
  neurons: number
  maxNeurons: number
  /** the hotkey's stake on root, rao */
  stakeRao: bigint
  /** the root validator with the least stake (when root is full) */
  lowest: {uid: number; hotkey: string; stakeRao: bigint} | null
  balanceRao: bigint
  feeRao: bigint
}

/** The refusal the runtime's do_root_register would give (or a hotkey owned by someone else), or null. */
export function rootRefusal(s: RootSnapshot): Error | null {
  const data = {netuid: 0}
  if (!s.exists) return refusal('RootNetworkDoesNotExist', 'this chain has no root network', data)
  if (s.hotkeyOwner && s.hotkeyOwner !== s.coldkey) {
    return new InputError(`the hotkey belongs to coldkey ${s.hotkeyOwner}, not ${s.coldkey}: register a hotkey this wallet owns; nothing was submitted`, {code: 'NotYourHotkey', field: 'hotkey'})
  }
  if (s.regsThisBlock >= s.maxRegsPerBlock) return refusal('TooManyRegistrationsThisBlock', `root allows ${s.maxRegsPerBlock} registrations per block and has ${s.regsThisBlock}; retry in the next block`, data)
  if (s.regsThisInterval >= s.maxRegsThisInterval) {
    return refusal('TooManyRegistrationsThisInterval', `root has had ${s.regsThisInterval} of ${s.maxRegsThisInterval} registrations this interval; wait for the next adjustment interval`, data)
  }
  if (s.uid !== null) return refusal('HotKeyAlreadyRegisteredInSubNet', `this hotkey is already on root as uid ${s.uid}`, {...data, uid: s.uid})
  if (s.neurons >= s.maxNeurons && s.lowest && !(s.lowest.stakeRao < s.stakeRao)) {
    return refusal(
      'StakeTooLowForRoot',
      `root is full (${s.neurons}/${s.maxNeurons}); the hotkey's root stake ${formatTao(s.stakeRao)} TAO must exceed the lowest root validator's ${formatTao(s.lowest.stakeRao)} TAO (uid ${s.lowest.uid})`,
      {...data, lowestStakeRao: s.lowest.stakeRao, stakeRao: s.stakeRao},
    )
  }
  if (s.balanceRao < s.feeRao) return refusal('NotEnoughBalanceToStake', `the coldkey has ${formatTao(s.balanceRao)} TAO free and the fee is ${formatTao(s.feeRao)} TAO`, data)
  return null
}

/** A root registration plan: the RegisterPlan shape (burn 0) plus what root looks like now. */
export interface RootPlan extends RegisterPlan {
  root: {stakeRao: bigint; stake: string; replaces: {uid: number; hotkey: string; stakeRao: bigint; stake: string} | null}
}

export async function planRootRegistration(chain: Chain, req: {coldkey: string; hotkey: string}): Promise<RootPlan> {
  const head = await bestHead(chain)
  const tx = txOf(chain)
  const call = rootRegisterCall(tx, req.hotkey)
  const {quoteFee} = await import('../chain/submit.js')
  const [[exists, uid, owner, regsBlock, maxPerBlock, regsInterval, target, n, maxN], [account], fee, [stake]] = await Promise.all([
    readItems(chain, head.hash, [
      ['networksAdded', 0],
      ['uids', 0, req.hotkey],
      ['owner', req.hotkey],
      ['registrationsThisBlock', 0],
      ['maxRegistrationsPerBlock', 0],
      ['registrationsThisInterval', 0],
      ['targetRegistrationsPerInterval', 0],
      ['subnetworkN', 0],
      ['maxAllowedUids', 0],
    ]),
    queryAt(chain, head.hash, [[systemAccount(chain), req.coldkey]]),
    quoteFee(call, req.coldkey).catch(() => 0n),
    totalHotkeyAlphas(chain, head.hash, [req.hotkey], 0),
  ])
  const neurons = num(n)
  const maxNeurons = num(maxN)
  let lowest: RootSnapshot['lowest'] = null
  if (neurons >= maxNeurons && neurons > 0) {
    const keys = await entriesAt(chain, head.hash, sm(chain).keys!, 0)
    const hotkeys = keys.map((k) => String(k.value))
    const stakes = await totalHotkeyAlphas(chain, head.hash, hotkeys, 0)
    keys.forEach((k, i) => {
      if (!lowest || stakes[i]! < lowest.stakeRao) lowest = {hotkey: hotkeys[i]!, stakeRao: stakes[i]!, uid: num(k.args[1])}
    })
  }
  const snapshot: RootSnapshot = {
    balanceRao: balanceFrom(account).freeRao,
    coldkey: req.coldkey,
    exists: Boolean(exists),
    feeRao: fee,
    hotkeyOwner: owner && String(owner) !== zeroAccount(chain) ? String(owner) : null,
    lowest,
    maxNeurons,
    maxRegsPerBlock: num(maxPerBlock),
    maxRegsThisInterval: num(target) * 3,
    neurons,
    regsThisBlock: num(regsBlock),
    regsThisInterval: num(regsInterval),
    stakeRao: stake!,
    uid: uid === null || uid === undefined ? null : num(uid),
  }
  const refused = rootRefusal(snapshot)
  if (refused) throw refused
  const replaces = neurons >= maxNeurons && snapshot.lowest ? snapshot.lowest : null
  return {
    balanceRao: snapshot.balanceRao,
    block: head.number,
    blockHash: head.hash,
    burnRao: 0n,
    call: `subtensorModule.${call.method.method}`,
    coldkey: req.coldkey,
    feeEstimateRao: fee,
    hotkey: req.hotkey,
    maxNeurons,
    netuid: 0,
    neurons,
    root: {
      replaces: replaces ? {...(replaces as {uid: number; hotkey: string; stakeRao: bigint}), stake: formatTao((replaces as {stakeRao: bigint}).stakeRao)} : null,
      stake: formatTao(snapshot.stakeRao),
      stakeRao: snapshot.stakeRao,
    },
    subnetFull: neurons >= maxNeurons,
  }
}

/** Sign and submit the planned root registration; the root uid read back from `Uids` at the inclusion block. */
export async function submitRootRegistration(chain: Chain, plan: RootPlan, run: OpRun): Promise<RegisterResult> {
  const {findEvent} = await import('../chain/submit.js')
  const {signAndSubmit} = await import('../stake/common.js')
  const outcome = await signAndSubmit(chain, rootRegisterCall(txOf(chain), plan.hotkey) as Extrinsic, plan.coldkey, run)
  const base = {burnRao: 0n, call: outcome.call, coldkey: plan.coldkey, dryRun: outcome.dryRun, feeRao: outcome.feeRao, hotkey: plan.hotkey, multisig: outcome.multisig, netuid: 0, proxied: outcome.proxied, txHash: outcome.txHash}
  const fee = feeOnColdkey(outcome)
  if (outcome.dryRun) return {...base, balanceAfterRao: plan.balanceRao - fee, balanceBeforeRao: plan.balanceRao, spentRao: fee, uid: null}
  const [[after], [uid]] = await Promise.all([queryAt(chain, outcome.blockHash!, [[systemAccount(chain), plan.coldkey]]), readItems(chain, outcome.blockHash!, [['uids', 0, plan.hotkey]])])
  const ev = findEvent(outcome, 'subtensorModule', 'NeuronRegistered')
  const afterRao = balanceFrom(after).freeRao
  return {
    ...base,
    balanceAfterRao: afterRao,
    balanceBeforeRao: plan.balanceRao,
    blockHash: outcome.blockHash,
    blockNumber: outcome.blockNumber,
    spentRao: fee,
    uid: uid === null || uid === undefined ? (ev ? num(ev.data[1]) : null) : num(uid),
  }
}
