/**
 * The `proxy` commands' work: add/remove a proxy of the wallet's coldkey, create/kill pure proxies, list
 * relations, announce a call, and execute an announced call once its delay has passed. Every mutation is
 * checked against the chain before it is signed (the type exists in the runtime, the relation exists or not,
 * the delay has passed) and goes through the shared sign → submit path.
 */
import type {Chain} from '../chain/client.js'
import type {Extrinsic} from '../chain/submit.js'
import type {OpRun} from '../stake/common.js'
import type {TxSummary} from '../stake/types.js'

import {addProxyCall, createPureCall, killPureCall, proxyAnnouncedCall, removeProxyCall} from '../chain/calls/proxy.js'
import {txOf} from '../chain/calls/index.js'
import {callFromHex, callHashOf, currentBlock, describeCall, hasProxyPallet, proxyTypeNames, readAnnouncements, readProxies, type Announcement, type ProxyDefinition} from '../chain/proxy.js'
import {ChainError, InputError} from '../errors.js'
import {signAndSubmit, txSummary} from '../stake/common.js'
import {dropAnnouncement, readSavedAnnouncements, type SavedAnnouncement} from './announcements.js'

export function requireProxyPallet(chain: Chain): void {
  if (!hasProxyPallet(chain)) throw new InputError('this runtime has no Proxy pallet; nothing was submitted', {code: 'NoProxyPallet'})
}

/** A proxy type name as the runtime spells it (case-insensitive match), else InputError listing the runtime's names. */
export function checkProxyType(chain: Chain, name: string): string {
  const names = proxyTypeNames(chain)
  const hit = names.find((n) => n.toLowerCase() === name.trim().toLowerCase())
  if (!hit) throw new InputError(`unknown proxy type ${JSON.stringify(name)}; this runtime defines: ${names.join(', ')}`, {code: 'BadProxyType', field: 'type'})
  return hit
}

export function checkDelay(delay: number | undefined): number {
  const d = delay ?? 0
  if (!Number.isInteger(d) || d < 0 || d > 4_294_967_295) throw new InputError(`«delay» must be a whole number of blocks (0 or more): ${delay}`, {code: 'BadDelay', field: 'delay'})
  return d
}

export interface ProxyChangeResult {
  action: 'add' | 'remove'
  real: string
  delegate: string
  proxyType: string
  delay: number
  call: string
  tx?: TxSummary
  /** the proxies of `real` after the change (or now, on a dry run) */
  proxies: ProxyDefinition[]
}

/** add_proxy / remove_proxy, signed by the real account (the wallet's coldkey). */
export async function changeProxy(chain: Chain, o: {action: 'add' | 'remove'; real: string; delegate: string; proxyType: string; delay?: number}, run: OpRun): Promise<ProxyChangeResult> {
  requireProxyPallet(chain)
  const proxyType = checkProxyType(chain, o.proxyType)
  const delay = checkDelay(o.delay)
  if (o.delegate === o.real) throw new InputError('an account cannot be its own proxy («delegate» is the wallet\'s coldkey)', {code: 'SelfProxy', field: 'delegate'})
  const {proxies} = await readProxies(chain, o.real)
  const same = proxies.find((d) => d.delegate === o.delegate && d.proxyType === proxyType && d.delay === delay)
  if (o.action === 'add' && same) {
    throw new InputError(`${o.delegate} is already a ${proxyType} proxy of ${o.real} (delay ${delay}); nothing was submitted`, {code: 'ProxyExists'})
  }
  if (o.action === 'remove' && !same) {
    const have = proxies.filter((d) => d.delegate === o.delegate).map((d) => `${d.proxyType}/delay ${d.delay}`)
    throw new InputError(`${o.delegate} is not a ${proxyType} proxy of ${o.real} with delay ${delay}${have.length ? ` (it is: ${have.join(', ')})` : ''}; nothing was submitted`, {code: 'NotProxy'})
  }
  const tx = txOf(chain)
  const call = (o.action === 'add' ? addProxyCall : removeProxyCall)(tx, {delay, delegate: o.delegate, proxyType}) as Extrinsic
  const result: ProxyChangeResult = {action: o.action, call: name(call), delay, delegate: o.delegate, proxies, proxyType, real: o.real}
  if (!run.dryRun) await run.ui.confirm(`${o.action === 'add' ? 'make' : 'stop'} ${o.delegate} ${o.action === 'add' ? 'a' : 'being a'} ${proxyType} proxy of ${o.real} (delay ${delay} blocks)?`, result)
  const outcome = await signAndSubmit(chain, call, o.real, run)
  result.tx = txSummary(outcome)
  if (!outcome.dryRun && outcome.blockHash) result.proxies = (await readProxies(chain, o.real, outcome.blockHash)).proxies
  return result
}

const name = (t: Extrinsic) => `${t.method.section}.${t.method.method}`

export interface PureResult {
  action: 'create-pure' | 'kill-pure'
  spawner: string
  pure?: string
  proxyType: string
  delay?: number
  index: number
  height?: number
  extIndex?: number
  call: string
  tx?: TxSummary
}

/** create_pure, signed by the spawner; the new account comes from the PureCreated event. */
export async function createPure(chain: Chain, o: {spawner: string; proxyType: string; delay?: number; index?: number}, run: OpRun): Promise<PureResult> {
  requireProxyPallet(chain)
  const proxyType = checkProxyType(chain, o.proxyType)
  const delay = checkDelay(o.delay)
  const index = o.index ?? 0
  if (!Number.isInteger(index) || index < 0 || index > 65_535) throw new InputError(`«index» must be 0–65535: ${index}`, {code: 'BadIndex', field: 'index'})
  const call = createPureCall(txOf(chain), {delay, index, proxyType}) as Extrinsic
  const result: PureResult = {action: 'create-pure', call: name(call), delay, index, proxyType, spawner: o.spawner}
  if (!run.dryRun) await run.ui.confirm(`create a pure proxy account controlled by ${o.spawner} (${proxyType}, delay ${delay}, index ${index})?`, result)
  const outcome = await signAndSubmit(chain, call, o.spawner, run)
  result.tx = txSummary(outcome)
  const ev = outcome.events.find((e) => e.section === 'proxy' && e.method === 'PureCreated')
  if (ev) {
    result.pure = String(ev.data[0])
    result.height = outcome.blockNumber
    result.extIndex = await extrinsicIndex(chain, outcome.blockHash!, outcome.txHash)
  }
  return result
}

async function extrinsicIndex(chain: Chain, blockHash: string, txHash: string): Promise<number | undefined> {
  const block = await chain.api.rpc.chain.getBlock(blockHash)
  const i = block.block.extrinsics.findIndex((x) => x.hash.toHex() === txHash)
  return i < 0 ? undefined : i
}

/** kill_pure, dispatched as the pure account by its spawner (through Proxy.proxy). Its balance is lost. */
export async function killPure(chain: Chain, o: {spawner: string; pure: string; proxyType: string; index: number; height: number; extIndex: number}, run: OpRun): Promise<PureResult> {
  requireProxyPallet(chain)
  const proxyType = checkProxyType(chain, o.proxyType)
  const call = killPureCall(txOf(chain), {extIndex: o.extIndex, height: o.height, index: o.index, proxyType, spawner: o.spawner}) as Extrinsic
  const result: PureResult = {action: 'kill-pure', call: name(call), extIndex: o.extIndex, height: o.height, index: o.index, proxyType, pure: o.pure, spawner: o.spawner}
  if (!run.dryRun) await run.ui.confirm(`kill the pure proxy ${o.pure}? anything it holds is lost for good`, result)
  const outcome = await signAndSubmit(chain, call, o.pure, run)
  result.tx = txSummary(outcome)
  return result
}

export interface ProxyListResult {
  real: string
  depositRao: bigint
  proxies: ProxyDefinition[]
  /** proxy types this runtime defines */
  types: string[]
  /** announcements made by `delegate` (when given), with the block each becomes executable */
  announcements: (Announcement & {executableFromBlock?: number; savedCall: boolean})[]
  block: number
}

export async function listProxies(chain: Chain, o: {real: string; delegate?: string}): Promise<ProxyListResult> {
  requireProxyPallet(chain)
  const [{depositRao, proxies}, block] = await Promise.all([readProxies(chain, o.real), currentBlock(chain)])
  const announcements: ProxyListResult['announcements'] = []
  if (o.delegate) {
    const saved = await readSavedAnnouncements(chain)
    for (const a of await readAnnouncements(chain, o.delegate)) {
      const s = saved.find((x) => x.callHash === a.callHash && x.real === a.real && x.delegate === o.delegate)
      const def = (await readProxies(chain, a.real)).proxies.find((d) => d.delegate === o.delegate)
      announcements.push({...a, executableFromBlock: def ? a.height + def.delay : undefined, savedCall: Boolean(s)})
    }
  }
  return {announcements, block, depositRao, proxies, real: o.real, types: proxyTypeNames(chain)}
}

export interface ExecuteResult {
  real: string
  delegate: string
  callHash: string
  /** the announced call, section.method */
  call: string
  announcedAt: number
  executableFromBlock: number
  tx?: TxSummary
}

/**
 * proxy_announced for an announcement this wallet's coldkey (the delegate) made: the call comes from tao's
 * saved announcements; the chain must still hold the announcement and the proxy's delay must have passed
 * (else exit 5 `Proxy.Unannounced` with the block it becomes executable, nothing submitted).
 */
export async function executeAnnounced(chain: Chain, o: {delegate: string; callHash?: string; real?: string}, run: OpRun): Promise<ExecuteResult> {
  requireProxyPallet(chain)
  const onChain = await readAnnouncements(chain, o.delegate)
  const saved = (await readSavedAnnouncements(chain)).filter((s) => s.delegate === o.delegate && (!o.real || s.real === o.real) && (!o.callHash || s.callHash === o.callHash.toLowerCase()))
  const live = saved.filter((s) => onChain.some((a) => a.callHash === s.callHash && a.real === s.real))
  if (live.length === 0) {
    throw new InputError(`no pending announcement by ${o.delegate}${o.callHash ? ` with call hash ${o.callHash}` : ''} whose call tao saved; nothing was submitted`, {
      code: 'NoAnnouncement',
      field: 'callHash',
      suggest: {command: 'proxy list'},
    })
  }
  if (live.length > 1 && !o.callHash) {
    throw new InputError(`${live.length} announcements are pending (${live.map((s) => s.callHash.slice(0, 10)).join(', ')}…); name one with «callHash»`, {code: 'Ambiguous', field: 'callHash'})
  }
  const s: SavedAnnouncement = live[0]!
  const a = onChain.find((x) => x.callHash === s.callHash && x.real === s.real)!
  const def = (await readProxies(chain, s.real)).proxies.find((d) => d.delegate === o.delegate)
  if (!def) throw new InputError(`${o.delegate} is no longer a proxy of ${s.real}; nothing was submitted`, {code: 'NotProxy'})
  const inner = callFromHex(chain, s.call)
  if ((await callHashOf(inner)) !== s.callHash) throw new InputError(`the saved call does not hash to ${s.callHash}; nothing was submitted`, {code: 'BadAnnouncement'})
  const from = a.height + def.delay
  const now = await currentBlock(chain)
  const result: ExecuteResult = {announcedAt: a.height, call: `${describeCall(inner).section}.${describeCall(inner).method}`, callHash: s.callHash, delegate: o.delegate, executableFromBlock: from, real: s.real}
  // the next block is the one it lands in: it must be at least height + delay
  if (now + 1 < from) {
    const wait = from - now - 1
    throw new ChainError(`the announced call ${s.callHash.slice(0, 10)}… can run from block ${from} (now ${now}); retry in ${wait} block${wait === 1 ? '' : 's'} (nothing was submitted)`, {
      code: 'Proxy.Unannounced',
      data: {executableFromBlock: from, retryInBlocks: wait},
    })
  }
  const call = proxyAnnouncedCall(txOf(chain), {call: inner, delegate: o.delegate, real: s.real}) as Extrinsic
  if (!run.dryRun) await run.ui.confirm(`run the announced ${result.call} on behalf of ${s.real}?`, result)
  const outcome = await signAndSubmit(chain, call, o.delegate, run)
  result.tx = txSummary(outcome)
  if (!outcome.dryRun) await dropAnnouncement(chain, s)
  return result
}
