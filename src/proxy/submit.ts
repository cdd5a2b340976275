/**
 * Submitting a call through a proxy (`--proxy REAL`): the key that signs is the proxy's (the wallet's coldkey),
 * the call runs as REAL. Before anything is signed: the runtime has the Proxy pallet, the signer is a proxy of
 * REAL (Proxy.Proxies), one of its proxy types allows the call, and a proxy with a delay is used only through an
 * announcement. `announceOnly` submits `Proxy.announce(REAL, hash)` instead and keeps the call's bytes locally,
 * so `proxy execute` can run it once the delay has passed.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from '../chain/client.js'
import type {Extrinsic, SubmitOptions, TxOutcome} from '../chain/submit.js'

import {announceCall, proxyCall} from '../chain/calls/proxy.js'
import {txOf} from '../chain/calls/index.js'
import {callHashOf, callHex, describeCall, hasProxyPallet, proxyTypeNames, readProxies, type ProxyDefinition} from '../chain/proxy.js'
import {InputError} from '../errors.js'
import {proxyTypeAllows} from './filter.js'
import type {MultisigInfo, MultisigRun} from '../multisig/submit.js'
import {saveAnnouncement} from './announcements.js'

export interface ProxyRun {
  /** the account the call runs as */
  real: string
  /** the address-book name `--proxy` used, if any */
  name?: string
  /** submit Proxy.announce(real, hash) now; `proxy execute` runs the call after the delay */
  announceOnly?: boolean
}

export interface ProxiedInfo {
  onBehalfOf: string
  proxy: string
  proxyType: string
  delay: number
  /** set when the call was announced rather than executed */
  announced?: {callHash: string; call: string; executableFromBlock?: number}
}

/** Pre-check the proxy relation for `call` signed by `delegate`; the definition used, or an InputError (exit 2). */
export async function checkProxy(chain: Chain, call: Extrinsic, delegate: string, p: ProxyRun): Promise<ProxyDefinition> {
  if (!hasProxyPallet(chain)) throw new InputError('this runtime has no Proxy pallet; nothing was submitted', {code: 'NoProxyPallet'})
  const c = describeCall(call)
  const name = `${c.section}.${c.method}`
  if (delegate === p.real) throw new InputError(`«proxy» ${p.real} is the signing wallet's own coldkey; drop «proxy»`, {code: 'SelfProxy', field: 'proxy'})
  const {proxies} = await readProxies(chain, p.real)
  const mine = proxies.filter((d) => d.delegate === delegate)
  if (mine.length === 0) {
    throw new InputError(`${delegate} (this wallet's coldkey) is not a proxy of ${p.real} on this chain; nothing was submitted`, {
      code: 'NotProxy',
      field: 'proxy',
      suggest: {args: ['--real', p.real], command: 'proxy list'},
    })
  }
  const types = proxyTypeNames(chain)
  const verdicts = mine.map((d) => ({d, v: proxyTypeAllows(d.proxyType, c, {types})}))
  const ok = verdicts.find((x) => x.v === 'allowed') ?? verdicts.find((x) => x.v === 'unknown')
  if (!ok) {
    throw new InputError(`proxy ${delegate} of ${p.real} is of type ${mine.map((d) => d.proxyType).join(', ')}, which does not allow ${name}; nothing was submitted`, {
      code: 'ProxyTypeForbids',
      field: 'proxy',
    })
  }
  if (ok.d.delay > 0 && !p.announceOnly) {
    throw new InputError(`proxy ${delegate} of ${p.real} has a delay of ${ok.d.delay} blocks: announce the call with «announceOnly», then run it with \`proxy execute\` after the delay; nothing was submitted`, {
      code: 'ProxyDelayed',
      field: 'announceOnly',
    })
  }
  return ok.d
}

/** The extrinsic to sign instead of `call`, and what the plan shows. */
export async function wrapForProxy(chain: Chain, call: Extrinsic, delegate: string, p: ProxyRun): Promise<{tx: Extrinsic; info: ProxiedInfo}> {
  const def = await checkProxy(chain, call, delegate, p)
  const info: ProxiedInfo = {delay: def.delay, onBehalfOf: p.real, proxy: delegate, proxyType: def.proxyType}
  const tx = txOf(chain)
  if (p.announceOnly) {
    const callHash = await callHashOf(call)
    info.announced = {call: callHex(call), callHash}
    return {info, tx: announceCall(tx, {callHash, real: p.real}) as Extrinsic}
  }
  return {info, tx: proxyCall(tx, {call, proxyType: def.proxyType, real: p.real}) as Extrinsic}
}

/** Submit `call`, through the proxy when `proxy` is set. The outcome carries what the proxy did. */
export async function submitMaybeProxied(
  chain: Chain,
  call: Extrinsic,
  signer: KeyringPair,
  opts: SubmitOptions & {proxy?: ProxyRun; multisig?: MultisigRun},
): Promise<TxOutcome & {proxied?: ProxiedInfo; multisig?: MultisigInfo}> {
  const {submit} = await import('../chain/submit.js')
  if (opts.multisig) {
    const {timepointOf, wrapForMultisig} = await import('../multisig/submit.js')
    const {info, tx} = await wrapForMultisig(chain, call, {...opts.multisig, me: signer.address})
    const outcome = await submit(chain, tx, signer, opts)
    if (info.action === 'start' && outcome.blockHash && outcome.blockNumber !== undefined) info.timepoint = await timepointOf(chain, outcome.blockHash, outcome.blockNumber, outcome.txHash)
    return {...outcome, multisig: info}
  }
  if (!opts.proxy) return submit(chain, call, signer, opts)
  const {info, tx} = await wrapForProxy(chain, call, signer.address, opts.proxy)
  const outcome = await submit(chain, tx, signer, opts)
  if (info.announced && !outcome.dryRun && outcome.blockNumber !== undefined) {
    info.announced.executableFromBlock = outcome.blockNumber + info.delay
    await saveAnnouncement(chain, {
      call: info.announced.call,
      callHash: info.announced.callHash,
      delay: info.delay,
      delegate: signer.address,
      height: outcome.blockNumber,
      real: info.onBehalfOf,
    })
  }
  return {...outcome, proxied: info}
}
