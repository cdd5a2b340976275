/**
 * Root dividends and the auto-stake destination, on runtimes that have them (built from metadata; a runtime
 * without the call, spec 218 among them, says so in one line and nothing is submitted):
 * - `set_root_claim_type(Swap | Keep | KeepSubnets{subnets})`: whether root dividends are swapped to TAO or kept as
 *   alpha (per subnet with KeepSubnets);
 * - `claim_root(subnets)`: claim the root dividends of these subnets now;
 * - `set_coldkey_auto_stake_hotkey(netuid, hotkey)`: which hotkey the coldkey's emissions on a subnet are staked to
 *   (`AutoStakeDestination(coldkey, netuid)`).
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {OpRun} from './common.js'
import type {TxSummary} from './types.js'

import {hasCall, txOf} from '../chain/calls/index.js'
import {type RootClaimType, claimRootCall, setAutoStakeCall, setRootClaimTypeCall} from '../chain/calls/keys.js'
import {readItems} from '../chain/keys-reads.js'
import {bestHead} from '../chain/runtime-api.js'
import {InputError} from '../errors.js'
import {runtimeLacks} from '../wallet/chain-keys.js'
import {feeQuote, signAndSubmit, txSummary} from './common.js'

/** Parse a claim type as typed: swap, keep, or keep-subnets with the netuids to keep. */
export function parseClaimType(kind: string, subnets: number[] = []): RootClaimType {
  const k = kind.trim().toLowerCase()
  if (k === 'swap' || k === 'keep') {
    if (subnets.length) throw new InputError(`«subnets» goes with keep-subnets only, not ${k}`, {code: 'Usage', field: 'subnets'})
    return {kind: k === 'swap' ? 'Swap' : 'Keep'}
  }
  if (k === 'keep-subnets' || k === 'keepsubnets') {
    if (subnets.length === 0) throw new InputError('keep-subnets needs the subnets to keep alpha on («subnets»)', {code: 'Usage', field: 'subnets'})
    return {kind: 'KeepSubnets', subnets}
  }
  throw new InputError(`claim type must be swap, keep or keep-subnets: ${JSON.stringify(kind)}`, {code: 'BadClaimType', field: 'type'})
}

export interface RootTxResult {
  call: string
  coldkey: string
  block: number
  feeEstimateRao: bigint
  /** what the call sets or claims */
  detail: Record<string, unknown>
  /** the value stored before (where the runtime keeps one) */
  before?: unknown
  tx?: TxSummary
  /** read back at the inclusion block */
  after?: unknown
}

async function run1(chain: Chain, tx: Extrinsic, plan: RootTxResult, question: string, run: OpRun, readBack?: (hash: string) => Promise<unknown>): Promise<RootTxResult> {
  if (!run.dryRun) await run.ui.confirm(question, plan)
  const outcome = await signAndSubmit(chain, tx, plan.coldkey, run)
  const result: RootTxResult = {...plan, tx: txSummary(outcome)}
  if (!outcome.dryRun && outcome.blockHash && readBack) result.after = await readBack(outcome.blockHash)
  return result
}

export async function setClaimType(chain: Chain, req: {coldkey: string; type: RootClaimType}, run: OpRun): Promise<RootTxResult> {
  const tx = txOf(chain)
  if (!hasCall(tx, 'subtensorModule', 'setRootClaimType')) throw runtimeLacks('set_root_claim_type', 'choosing how root dividends are claimed')
  const head = await bestHead(chain)
  const call = setRootClaimTypeCall(tx, req.type) as Extrinsic
  const [[before], fee] = await Promise.all([readItems(chain, head.hash, [['rootClaimType', req.coldkey]]), feeQuote(call, req.coldkey)])
  const plan: RootTxResult = {before, block: head.number, call: 'subtensorModule.setRootClaimType', coldkey: req.coldkey, detail: {type: req.type}, feeEstimateRao: fee}
  return run1(chain, call, plan, `set the root claim type of ${req.coldkey} to ${req.type.kind}?`, run, async (h) => (await readItems(chain, h, [['rootClaimType', req.coldkey]]))[0])
}

export async function claimRoot(chain: Chain, req: {coldkey: string; netuids: number[]}, run: OpRun): Promise<RootTxResult> {
  const tx = txOf(chain)
  if (!hasCall(tx, 'subtensorModule', 'claimRoot')) throw runtimeLacks('claim_root', 'claiming root dividends')
  if (req.netuids.length === 0) throw new InputError('name the subnets to claim root dividends on («netuids»)', {code: 'Usage', field: 'netuids'})
  const head = await bestHead(chain)
  const exists = await readItems(chain, head.hash, req.netuids.map((n) => ['networksAdded', n] as [string, ...unknown[]]))
  const missing = req.netuids.filter((_, i) => !exists[i])
  if (missing.length) throw new InputError(`subnet ${missing.join(', ')} does not exist on this chain`, {code: 'UnknownSubnet', field: 'netuids'})
  const call = claimRootCall(tx, req.netuids) as Extrinsic
  const fee = await feeQuote(call, req.coldkey)
  const plan: RootTxResult = {block: head.number, call: 'subtensorModule.claimRoot', coldkey: req.coldkey, detail: {netuids: [...new Set(req.netuids)].sort((a, b) => a - b)}, feeEstimateRao: fee}
  return run1(chain, call, plan, `claim root dividends of ${req.coldkey} on subnets ${req.netuids.join(', ')}?`, run)
}

export interface AutoStakeRead {
  coldkey: string
  netuid: number
  block: number
  /** the hotkey emissions are staked to (null: none set) */
  hotkey: string | null
}

function requireAutoStake(chain: Chain): void {
  if (!hasCall(txOf(chain), 'subtensorModule', 'setColdkeyAutoStakeHotkey')) throw runtimeLacks('set_coldkey_auto_stake_hotkey', 'an auto-stake destination')
}

export async function readAutoStake(chain: Chain, coldkey: string, netuid: number): Promise<AutoStakeRead> {
  requireAutoStake(chain)
  const head = await bestHead(chain)
  const [v] = await readItems(chain, head.hash, [['autoStakeDestination', coldkey, netuid]])
  return {block: head.number, coldkey, hotkey: v === null || v === undefined ? null : String(v), netuid}
}

export async function setAutoStake(chain: Chain, req: {coldkey: string; netuid: number; hotkey: string}, run: OpRun): Promise<RootTxResult> {
  requireAutoStake(chain)
  const head = await bestHead(chain)
  const tx = txOf(chain)
  const [[added, current, uid], fee] = await Promise.all([
    readItems(chain, head.hash, [['networksAdded', req.netuid], ['autoStakeDestination', req.coldkey, req.netuid], ['uids', req.netuid, req.hotkey]]),
    feeQuote(setAutoStakeCall(tx, req.netuid, req.hotkey) as Extrinsic, req.coldkey),
  ])
  if (!added) throw new InputError(`subnet ${req.netuid} does not exist on this chain`, {code: 'UnknownSubnet', field: 'netuid'})
  if (uid === null || uid === undefined) throw new InputError(`hotkey ${req.hotkey} is not registered on subnet ${req.netuid}; emissions can only be auto-staked to a registered hotkey`, {code: 'UnknownHotkey', field: 'hotkey'})
  if (current !== null && String(current) === req.hotkey) throw new InputError(`that hotkey is already the auto-stake destination on subnet ${req.netuid} (SameAutoStakeHotkeyAlreadySet); nothing was submitted`, {code: 'SameAutoStakeHotkeyAlreadySet', field: 'hotkey'})
  const plan: RootTxResult = {before: current, block: head.number, call: 'subtensorModule.setColdkeyAutoStakeHotkey', coldkey: req.coldkey, detail: {hotkey: req.hotkey, netuid: req.netuid}, feeEstimateRao: fee}
  return run1(chain, setAutoStakeCall(tx, req.netuid, req.hotkey) as Extrinsic, plan, `auto-stake emissions of ${req.coldkey} on subnet ${req.netuid} to ${req.hotkey}?`, run, async (h) => (await readItems(chain, h, [['autoStakeDestination', req.coldkey, req.netuid]]))[0])
}
