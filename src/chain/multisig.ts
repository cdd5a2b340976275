/** Multisig reads and address derivation: Multisig.Multisigs (pending operations), the multisig account id. */
import type {Chain} from './client.js'
import type {Extrinsic} from './submit.js'
import type {Timepoint, Weight} from './calls/multisig.js'

export interface PendingMultisig {
  callHash: string
  when: Timepoint
  deposit: bigint
  depositor: string
  approvals: string[]
}

export function hasMultisigPallet(chain: Pick<Chain, 'api'>): boolean {
  return Boolean((chain.api.tx as unknown as Record<string, unknown>).multisig) && Boolean((chain.api.query as unknown as Record<string, unknown>).multisig)
}

/** The multisig account of `signatories` (any order) and `threshold`, ss58 prefix 42. */
export async function multisigAddress(signatories: string[], threshold: number): Promise<string> {
  const {createKeyMulti, encodeAddress} = await import('@polkadot/util-crypto')
  return encodeAddress(createKeyMulti(signatories, threshold), 42)
}

/** The other signatories, sorted as the pallet requires (by public key bytes). */
export async function sortedOthers(signatories: string[], me: string): Promise<string[]> {
  const {decodeAddress, encodeAddress, sortAddresses} = await import('@polkadot/util-crypto')
  const mine = Buffer.from(decodeAddress(me)).toString('hex')
  const others = signatories.filter((s) => Buffer.from(decodeAddress(s)).toString('hex') !== mine)
  return sortAddresses(others, 42).map((a) => encodeAddress(decodeAddress(a), 42))
}

type Entries = {entries(...a: unknown[]): Promise<[{args: unknown[]}, unknown][]>} & ((...a: unknown[]) => Promise<unknown>)

interface RawMultisig {
  isSome?: boolean
  unwrap?: () => RawMultisig
  when: {height: {toNumber(): number}; index: {toNumber(): number}}
  deposit: {toBigInt(): bigint}
  depositor: {toString(): string}
  approvals: {toString(): string}[]
}

const plain = (r: RawMultisig, callHash: string): PendingMultisig => ({
  approvals: r.approvals.map((a) => a.toString()),
  callHash,
  deposit: r.deposit.toBigInt(),
  depositor: r.depositor.toString(),
  when: {height: r.when.height.toNumber(), index: r.when.index.toNumber()},
})

export async function readMultisig(chain: Pick<Chain, 'api'>, address: string, callHash: string): Promise<PendingMultisig | undefined> {
  const q = (chain.api.query as unknown as Record<string, Record<string, Entries>>).multisig!.multisigs!
  const v = (await q(address, callHash)) as RawMultisig
  if (!v.isSome) return undefined
  return plain(v.unwrap!(), callHash)
}

export async function readPendingMultisigs(chain: Pick<Chain, 'api'>, address: string): Promise<PendingMultisig[]> {
  const q = (chain.api.query as unknown as Record<string, Record<string, Entries>>).multisig!.multisigs!
  const entries = await q.entries(address)
  return entries.map(([k, v]) => plain((v as RawMultisig).unwrap!(), (k.args[1] as {toHex(): string}).toHex()))
}

/** The weight bound for executing `call` (as_multi's max_weight): the node's estimate for it. */
export async function callWeight(call: Extrinsic, origin: string): Promise<Weight> {
  const info = await call.paymentInfo(origin)
  const w = info.weight as unknown as {refTime?: {toBigInt(): bigint}; proofSize?: {toBigInt(): bigint}; toBigInt?: () => bigint}
  if (w.refTime) return {proofSize: w.proofSize!.toBigInt(), refTime: w.refTime.toBigInt()}
  return {proofSize: 0n, refTime: w.toBigInt!()}
}
