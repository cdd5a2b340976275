/**
 * Clearing a served axon (`miner announce --reset`): `serve_axon` with ip 0 (0.0.0.0, "not serving" to the SDK,
 * btcli and tao's dendrite), IPv4, port 1 (serve_axon refuses port 0 with InvalidPort on every runtime).
 *
 * Whether the runtime accepts ip 0 is not in its metadata: today's subtensor validates with
 * `is_valid_ip_address(ip_type, ip, allow_zero = true)` (ip 0 allowed "for testing purposes"), while spec 218's
 * `is_valid_ip_address(ip_type, ip)` refuses 0 with InvalidIpAddress. So the node decides: the signed call is
 * executed with `system_dryRun` first where the node serves it, and a refusal is reported decoded, with nothing
 * submitted. Where the node cannot dry-run dispatch, the call is submitted and a refusal in the block is decoded.
 * Checked before that, from storage: the subnet, the hotkey's registration, an axon to clear, ServingRateLimit.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {AxonInfo} from '../chain/reads.js'
import type {Extrinsic, SubmitOptions} from '../chain/submit.js'
import type {AnnounceResult} from './chain.js'

import {txOf} from '../chain/calls/index.js'
import {serveAxonCall} from '../chain/calls/serve.js'
import {dryRunDispatch, readItems, signedCopy} from '../chain/keys-reads.js'
import {axonInfoFrom, readAxon} from '../chain/reads.js'
import {bestHead, num} from '../chain/runtime-api.js'
import {ChainError, InputError} from '../errors.js'
import {PROTOCOL_VERSION} from '../protocol/protocol.js'
import {formatIp} from '../util/ip.js'

export interface AxonResetResult extends AnnounceResult {
  reset: true
  /** the Axons entry before (null: none stored) */
  before: (AxonInfo & {ipText: string}) | null
  /** nothing to clear: no axon, or already 0.0.0.0 */
  alreadyClear: boolean
  /** how the node's dispatch dry run answered (`unavailable` when the node cannot run one) */
  dispatchCheck: 'ok' | 'unavailable' | 'skipped'
}

export const RESET_PORT = 1

const withText = (a: AxonInfo) => ({...a, ipText: a.ip === 0n ? '0.0.0.0' : formatIp(a.ip)})

export async function resetAxon(chain: Chain, hotkey: KeyringPair, netuid: number, opts: SubmitOptions & {confirm: (question: string, plan: unknown) => Promise<void>}): Promise<AxonResetResult> {
  const head = await bestHead(chain)
  const [added, uid, raw, limit] = await readItems(chain, head.hash, [['networksAdded', netuid], ['uids', netuid, hotkey.address], ['axons', netuid, hotkey.address], ['servingRateLimit', netuid]])
  if (!added) throw new InputError(`subnet ${netuid} does not exist on this chain`, {code: 'NoSuchSubnet', field: 'netuid'})
  if (uid === null || uid === undefined) {
    throw new ChainError(`hotkey ${hotkey.address} is not registered on subnet ${netuid}: it has no axon to clear (serve_axon would fail with HotKeyNotRegisteredInNetwork); nothing was submitted`, {code: 'SubtensorModule.HotKeyNotRegisteredInNetwork', data: {precheck: true}})
  }
  const before = raw === null || raw === undefined ? null : withText(axonInfoFrom(raw))
  const params = {ip: 0n, ipType: 4 as const, netuid, port: RESET_PORT, protocol: before?.protocol ?? 4, version: before?.version || PROTOCOL_VERSION}
  const base: AxonResetResult = {
    alreadyClear: false,
    before,
    dispatchCheck: 'skipped',
    dryRun: Boolean(opts.dryRun),
    feeRao: 0n,
    hotkey: hotkey.address,
    ip: '0.0.0.0',
    ipInt: 0n,
    ipType: 4,
    netuid,
    port: RESET_PORT,
    protocol: params.protocol,
    reset: true,
    txHash: '',
    version: params.version,
  }
  if (!before || before.ip === 0n) return {...base, alreadyClear: true}
  const rateLimit = num(limit ?? 0)
  const last = Number(before.block)
  const next = head.number + 1
  if (rateLimit > 0 && last > 0 && next - last < rateLimit) {
    const wait = last + rateLimit - next
    throw new ChainError(`ServingRateLimitExceeded: the axon was announced at block ${last} and subnet ${netuid} allows one announcement per ${rateLimit} blocks; retry in ${wait} block${wait === 1 ? '' : 's'} (nothing was submitted)`, {
      code: 'SubtensorModule.ServingRateLimitExceeded',
      data: {precheck: true, retryInBlocks: wait},
    })
  }
  const tx = serveAxonCall(txOf(chain), params) as Extrinsic
  if (!opts.dryRun) await opts.confirm(`clear the axon of ${hotkey.address} on subnet ${netuid} (now ${before.ipText}:${before.port})?`, base)
  const check = await dryRunDispatch(chain, await signedCopy(chain, tx, hotkey))
  if (check.available && !check.ok) {
    const zeroRefused = /InvalidIpAddress/.test(check.code)
    throw new ChainError(
      zeroRefused
        ? `${check.code}: this runtime's serve_axon refuses ip 0, so it cannot clear an axon (newer runtimes accept it); announce another address with «ip»/«port», or the entry goes when the hotkey deregisters (on a tao localnet, «reset» with «localDev» deletes it); nothing was submitted`
        : `the node's dry run of the dispatch failed: ${check.message}; nothing was submitted`,
      {code: check.code, data: {dispatchDryRun: true, precheck: true}},
    )
  }
  const {submit} = await import('../chain/submit.js')
  const outcome = await submit(chain, tx, hotkey, opts)
  const result: AxonResetResult = {...base, blockNumber: outcome.blockNumber, dispatchCheck: check.available ? 'ok' : 'unavailable', dryRun: outcome.dryRun, feeRao: outcome.feeRao, txHash: outcome.txHash}
  if (!outcome.dryRun) {
    const info = await readAxon(chain, netuid, hotkey.address, outcome.blockHash)
    result.stored = info ? withText(info) : undefined
  }
  return result
}

/**
 * A tao localnet only (`--reset --local-dev`): remove the hotkey's Axons entry with dev_setStorage, nothing signed.
 * Runtimes whose serve_axon refuses ip 0 (spec 218) cannot clear an axon with a transaction; on a local chain the
 * validator loop can still be tried with an axon gone.
 */
export async function resetAxonLocalDev(chain: Chain, hotkey: string, netuid: number): Promise<AxonResetResult> {
  const {devClearAxon, isDevChain} = await import('../chain/dev.js')
  if (!(await isDevChain(chain))) {
    throw new InputError(`«localDev» works only on a tao localnet (a chopsticks chain with dev_setStorage); ${chain.endpoint} is not one: nothing was written`, {code: 'NotLocalnet', field: 'localDev'})
  }
  const head = await bestHead(chain)
  const [added, uid, raw] = await readItems(chain, head.hash, [['networksAdded', netuid], ['uids', netuid, hotkey], ['axons', netuid, hotkey]])
  if (!added) throw new InputError(`subnet ${netuid} does not exist on this chain`, {code: 'NoSuchSubnet', field: 'netuid'})
  if (uid === null || uid === undefined) {
    throw new ChainError(`hotkey ${hotkey} is not registered on subnet ${netuid}: it has no axon to clear; nothing was written`, {code: 'SubtensorModule.HotKeyNotRegisteredInNetwork', data: {precheck: true}})
  }
  const before = raw === null || raw === undefined ? null : withText(axonInfoFrom(raw))
  const base: AxonResetResult = {alreadyClear: !before, before, dispatchCheck: 'skipped', dryRun: false, feeRao: 0n, hotkey, ip: '0.0.0.0', ipInt: 0n, ipType: 4, localDev: true, netuid, port: 0, protocol: before?.protocol ?? 4, reset: true, txHash: '', version: before?.version ?? 0}
  if (!before) return base
  const written = await devClearAxon(chain, hotkey, netuid)
  const info = await readAxon(chain, netuid, hotkey, written.blockHash)
  return {...base, blockNumber: written.block, stored: info ? withText(info) : undefined}
}
