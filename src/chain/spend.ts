/**
 * What a call spends, for the spending policy: TAO leaving the signer's control (transfers, stake bought, a
 * registration burn, a subnet lock), the netuids it touches and the accounts it sends to. Wrappers are looked
 * through (Proxy.proxy, Proxy.proxy_announced, Multisig.as_multi*); an announcement spends nothing yet.
 */
import type {Chain} from './client.js'
import type {Extrinsic} from './submit.js'

import {callRuntimeApi} from './runtime-api.js'

export interface CallSpend {
  /** section.method of the call that spends (inside any wrapper) */
  call: string
  /** TAO (rao) the call moves out of the account, fees not included */
  rao: bigint
  /** false when the amount cannot be bounded (transfer_all) */
  bounded: boolean
  netuids: number[]
  destinations: string[]
}

interface CallLike {
  section: string
  method: string
  args: unknown[]
  meta: {args: {name: {toString(): string}}[]}
}

function inner(c: CallLike): CallLike | undefined {
  const k = `${c.section}.${c.method}`
  const byName = (n: string) => c.args[c.meta.args.findIndex((a) => a.name.toString().toLowerCase() === n)] as CallLike | undefined
  if (k === 'proxy.proxy' || k === 'proxy.proxyAnnounced' || k === 'multisig.asMulti' || k === 'multisig.asMultiThreshold1') return byName('call')
  return undefined
}

const num = (v: unknown) => Number((v as {toString(): string}).toString())
const big = (v: unknown) => BigInt((v as {toString(): string}).toString())

export async function spendOf(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, tx: Extrinsic): Promise<CallSpend> {
  let c = tx.method as unknown as CallLike
  for (let i = 0; i < 4; i++) {
    const next = inner(c)
    if (!next) break
    c = next
  }
  // metadata names are snake_case (amount_staked); a decorated Call may give them camelCase
  const norm = (n: string) => n.replaceAll('_', '').toLowerCase()
  const arg = (n: string) => {
    const i = c.meta.args.findIndex((a) => norm(a.name.toString()) === norm(n))
    return i < 0 ? undefined : c.args[i]
  }
  const out: CallSpend = {bounded: true, call: `${c.section}.${c.method}`, destinations: [], netuids: [], rao: 0n}
  for (const n of ['netuid', 'origin_netuid', 'destination_netuid']) {
    const v = arg(n)
    if (v !== undefined) out.netuids.push(num(v))
  }
  const account = (v: unknown) => (v as {toString(): string}).toString()
  if (c.section === 'balances') {
    if (c.method === 'transferAll') out.bounded = false
    const v = arg('value')
    if (v !== undefined) out.rao = big(v)
    const dest = arg('dest')
    if (dest !== undefined) out.destinations.push(account((dest as {value?: unknown}).value ?? dest))
  } else if (c.section === 'subtensorModule') {
    if (c.method === 'addStake' || c.method === 'addStakeLimit') out.rao = big(arg('amount_staked'))
    else if (c.method === 'transferStake') out.destinations.push(account(arg('destination_coldkey')))
    else if (c.method === 'burnedRegister') {
      const q = chain.api.query.subtensorModule as unknown as Record<string, (n: number) => Promise<unknown>>
      out.rao = big(await q.burn!(num(arg('netuid'))))
    } else if (c.method === 'registerNetwork' || c.method === 'registerNetworkWithIdentity') {
      const cost = await callRuntimeApi<bigint>(chain, 'SubnetRegistrationRuntimeApi', 'get_network_registration_cost', [], {raw: 'u64'})
      out.rao = cost === null ? 0n : BigInt(cost as unknown as bigint)
      if (cost === null) out.bounded = false
    }
  }
  return out
}

/**
 * The spending policy's verdict on `tx` for the plan (before the confirmation): refused → PolicyError (exit 5,
 * nothing signed); allowed → the verdict, or undefined when no policy is in force.
 */
export async function policyPreview(chain: Pick<Chain, 'api' | 'endpoint' | 'timeoutMs'>, tx: Extrinsic, payer: string): Promise<import('../config/policy.js').PolicyVerdict | undefined> {
  const {enforce, judge, loadPolicy} = await import('../config/policy.js')
  const policy = await loadPolicy()
  if (!policy) return undefined
  const fee = await tx.paymentInfo(payer).then((i) => i.partialFee.toBigInt()).catch(() => 0n)
  const verdict = await judge(await spendOf(chain, tx), fee, policy)
  enforce(verdict)
  return verdict
}
