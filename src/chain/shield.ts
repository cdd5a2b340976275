/**
 * The MEV shield of spec-381-era runtimes (pallet `MevShield`, pallet_shield v1): a signed extrinsic travels
 * encrypted through the pool inside `MevShield.submit_encrypted(commitment, ciphertext)`, and the block author
 * that includes the wrapper decrypts it and puts the inner extrinsic into its pool, to land in a later block.
 *
 * The scheme, as the runtime's call docs and the node's revealer (subtensor node/src/mev_shield) define it:
 *  - key: `MevShield.NextKey`, an ML-KEM-768 encapsulation key (1184 bytes, `Option<BoundedVec<u8, 2048>>`),
 *    announced by the author every block and rolled into `CurrentKey` by the next block's on_initialize;
 *  - plaintext: the whole signed extrinsic as it goes on the wire (SCALE, with its compact length prefix:
 *    the revealer decodes it with `UncheckedExtrinsic::decode`), signed with nonce + 1 because the wrapper,
 *    signed by the same account, takes the current nonce;
 *  - commitment: blake2-256 of that plaintext (= the inner extrinsic's hash);
 *  - ciphertext: `u16 LE kem_len ‖ kem_ct (1088) ‖ nonce (24) ‖ XChaCha20-Poly1305(plaintext)`, the AEAD key
 *    being the raw 32-byte ML-KEM shared secret (no KDF) and the associated data empty; at most 8192 bytes.
 * Later runtimes replaced this scheme (PendingKey/AuthorKeys, CheckShieldedTxValidity, threshold IBE); they are
 * told apart by their metadata and not encrypted to.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {Chain} from './client.js'

import {ChainError, InputError, NetworkError} from '../errors.js'
import {txOf} from './calls/index.js'
import {SHIELD_MORTAL_PERIOD, shieldScheme, submitEncryptedCall} from './calls/mev.js'
import {type JournalEntry, appendJournalQuietly} from './journal.js'
import {extrinsicEvents, findExtrinsic, headNumber} from './resolve.js'
import {type Extrinsic, type SubmitOptions, type TxOutcome, callName, outcomeFrom, submit} from './submit.js'

/** ML-KEM-768 encapsulation key length (FIPS 203), the only length `announce_next_key` accepts. */
export const ML_KEM_768_PUBLIC_KEY_BYTES = 1184
/** ML-KEM-768 ciphertext length. */
export const ML_KEM_768_CIPHERTEXT_BYTES = 1088
/** `submit_encrypted`'s ciphertext bound (BoundedVec<u8, ConstU32<8192>>). */
export const SHIELD_CIPHERTEXT_MAX_BYTES = 8192
const NONCE_BYTES = 24
const TAG_BYTES = 16

export {SHIELD_MORTAL_PERIOD, type ShieldScheme, shieldScheme} from './calls/mev.js'

/** The key bytes of a `MevShield.NextKey` value (an `Option<Bytes>` codec), or undefined when none is announced. */
export function shieldKeyFrom(value: unknown): Uint8Array | undefined {
  const v = value as {isSome?: boolean; isNone?: boolean; unwrap?: () => {toU8a(bare?: boolean): Uint8Array}; toU8a?: (bare?: boolean) => Uint8Array; isEmpty?: boolean}
  if (v === undefined || v === null || v.isNone) return undefined
  const inner = v.isSome && v.unwrap ? v.unwrap() : (v as {toU8a(bare?: boolean): Uint8Array})
  const bytes = inner.toU8a(true)
  return bytes.length === 0 ? undefined : bytes
}

/** The announced key to encrypt to (`MevShield.NextKey` at the best block). */
export async function readShieldKey(chain: Pick<Chain, 'api'>): Promise<Uint8Array | undefined> {
  const q = (chain.api.query as unknown as Record<string, Record<string, () => Promise<unknown>>>).mevShield!
  return shieldKeyFrom(await q.nextKey!())
}

/** blake2-256 of the signed inner extrinsic (wire bytes), as `0x…`: the `commitment` argument. */
export async function shieldCommitment(signedExtrinsic: Uint8Array): Promise<`0x${string}`> {
  const {blake2AsHex} = await import('@polkadot/util-crypto')
  return blake2AsHex(signedExtrinsic, 256) as `0x${string}`
}

async function sodium() {
  const {default: s} = await import('libsodium-wrappers-sumo')
  await s.ready
  return s
}

/**
 * Encrypt `plaintext` to an ML-KEM-768 key: `u16 LE kem_len ‖ kem_ct ‖ nonce24 ‖ XChaCha20-Poly1305 ciphertext`.
 * `random` (tests only) fixes the ML-KEM message (32 bytes) and the AEAD nonce (24 bytes).
 */
export async function sealToShieldKey(publicKey: Uint8Array, plaintext: Uint8Array, random?: {kemMessage?: Uint8Array; nonce?: Uint8Array}): Promise<Uint8Array> {
  if (publicKey.length !== ML_KEM_768_PUBLIC_KEY_BYTES) throw new Error(`an ML-KEM-768 key is ${ML_KEM_768_PUBLIC_KEY_BYTES} bytes, this one ${publicKey.length}`)
  const {ml_kem768} = await import('@noble/post-quantum/ml-kem.js')
  const {randomBytes} = await import('node:crypto')
  const {cipherText, sharedSecret} = ml_kem768.encapsulate(publicKey, random?.kemMessage)
  const nonce = random?.nonce ?? new Uint8Array(randomBytes(NONCE_BYTES))
  const s = await sodium()
  const sealed = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, nonce, sharedSecret)
  sharedSecret.fill(0)
  const out = new Uint8Array(2 + cipherText.length + NONCE_BYTES + sealed.length)
  out[0] = cipherText.length & 0xff
  out[1] = cipherText.length >> 8
  out.set(cipherText, 2)
  out.set(nonce, 2 + cipherText.length)
  out.set(sealed, 2 + cipherText.length + NONCE_BYTES)
  return out
}

/** The block author's side of `sealToShieldKey` (for checks and tests): the plaintext, or an Error saying what failed. */
export async function openWithShieldSecret(secretKey: Uint8Array, blob: Uint8Array): Promise<Uint8Array> {
  if (blob.length < 2) throw new Error('blob too short to contain kem_len')
  const kemLen = blob[0]! | (blob[1]! << 8)
  if (blob.length < 2 + kemLen + NONCE_BYTES + TAG_BYTES) throw new Error('blob too short')
  const {ml_kem768} = await import('@noble/post-quantum/ml-kem.js')
  const ss = ml_kem768.decapsulate(blob.subarray(2, 2 + kemLen), secretKey)
  const nonce = blob.subarray(2 + kemLen, 2 + kemLen + NONCE_BYTES)
  const s = await sodium()
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, blob.subarray(2 + kemLen + NONCE_BYTES), null, nonce, ss)
  } catch {
    throw new Error('AEAD decrypt failed')
  }
}

/** What the shield did with a trade (in the result's `shield`). */
export interface ShieldInfo {
  /** the inner (encrypted) extrinsic: its hash is the commitment */
  innerTxHash: string
  innerNonce: number
  /** the last block the inner extrinsic can land in */
  innerLastValidBlock: number
  wrapperTxHash: string
  wrapperBlockNumber?: number
  /** `EncryptedSubmitted.id`: blake2-256 of (author, commitment, ciphertext) */
  id?: string
  ciphertextBytes: number
  /** the inner extrinsic's fee (the wrapper's is the outcome's feeRao before it is added) */
  wrapperFeeRao?: bigint
}

export interface ShieldedOutcome extends TxOutcome {
  shield: ShieldInfo
}

/** How long to wait for the inner extrinsic after the wrapper landed (besides its era). */
const REVEAL_POLL_MS = 1000

/** A trade signed for the shield and encrypted, not yet sent. */
export interface PreparedShield {
  /** the wrapper's nonce (the signer's next); the inner extrinsic has nonce + 1 */
  nonce: number
  /** the finalized block both are anchored on */
  anchor: {hash: string; number: number}
  innerHash: string
  innerLastValidBlock: number
  /** the signed inner extrinsic, wire bytes (the plaintext) */
  plaintext: Uint8Array
  commitment: `0x${string}`
  ciphertext: Uint8Array
}

/**
 * Sign `inner` with `signer` for the shield (nonce + 1, mortal era of SHIELD_MORTAL_PERIOD blocks anchored on the
 * last finalized block) and encrypt it to `key`: the commitment and the ciphertext of `submit_encrypted`.
 */
export async function prepareShielded(chain: Chain, inner: Extrinsic, signer: KeyringPair, key: Uint8Array): Promise<PreparedShield> {
  const {api} = chain
  const [nonceCodec, finalizedHash] = await Promise.all([api.rpc.system.accountNextIndex(signer.address), api.rpc.chain.getFinalizedHead()])
  const nonce = nonceCodec.toNumber()
  const anchorNumber = (await api.rpc.chain.getHeader(finalizedHash)).number.toNumber()
  const era = api.createType('ExtrinsicEra', {current: anchorNumber, period: SHIELD_MORTAL_PERIOD})
  await inner.signAsync(signer, {blockHash: finalizedHash, era, nonce: nonce + 1})
  const plaintext = inner.toU8a()
  const ciphertext = await sealToShieldKey(key, plaintext)
  if (ciphertext.length > SHIELD_CIPHERTEXT_MAX_BYTES) {
    throw new InputError(`the encrypted call is ${ciphertext.length} bytes, more than the shield takes (${SHIELD_CIPHERTEXT_MAX_BYTES}); submit it with --no-mev-shield; nothing was submitted`, {code: 'MevShieldTooLarge', field: 'mevShield'})
  }
  return {
    anchor: {hash: finalizedHash.toHex(), number: anchorNumber},
    ciphertext,
    commitment: await shieldCommitment(plaintext),
    innerHash: inner.hash.toHex(),
    innerLastValidBlock: era.asMortalEra.death(anchorNumber) - 1,
    nonce,
    plaintext,
  }
}

/**
 * Encrypt `inner` (signed here by `signer` with nonce + 1, era ≤ 8 blocks) to the announced key and submit it
 * as `MevShield.submit_encrypted`, signed by the same key, through `submit` (journal, spending policy — judged
 * on the inner call —, the four outcomes); then wait for the inner extrinsic (`awaitReveal`).
 */
export async function submitShielded(chain: Chain, inner: Extrinsic, signer: KeyringPair, opts: SubmitOptions = {}): Promise<ShieldedOutcome> {
  const progress = (m: string) => opts.ui?.progress(m)
  const scheme = shieldScheme(chain)
  if (scheme !== 'mlkem768-v1') throw new InputError(scheme === 'absent' ? 'this runtime has no MEV shield (MevShield.submit_encrypted); nothing was submitted' : 'this runtime\'s MEV shield uses a scheme tao does not implement; nothing was submitted', {code: scheme === 'absent' ? 'NoMevShield' : 'MevShieldUnsupported', field: 'mevShield'})
  const key = await readShieldKey(chain)
  if (!key) throw new ChainError('the chain has no announced MEV-shield key (MevShield.NextKey is empty); retry in a block, or --no-mev-shield to submit in the clear; nothing was submitted', {code: 'MevShield.NoKey'})
  if (key.length !== ML_KEM_768_PUBLIC_KEY_BYTES) throw new ChainError(`the announced MEV-shield key is ${key.length} bytes, not an ML-KEM-768 key (${ML_KEM_768_PUBLIC_KEY_BYTES}); nothing was submitted`, {code: 'MevShield.BadKey'})

  const p = await prepareShielded(chain, inner, signer, key)
  const call = callName(inner)
  const info: ShieldInfo = {ciphertextBytes: p.ciphertext.length, innerLastValidBlock: p.innerLastValidBlock, innerNonce: p.nonce + 1, innerTxHash: p.innerHash, wrapperTxHash: ''}
  const wrapper = submitEncryptedCall(txOf(chain), {ciphertext: p.ciphertext, commitment: p.commitment}) as Extrinsic
  progress(`shielded: ${call} (tx ${p.innerHash.slice(0, 10)}…, nonce ${p.nonce + 1}) encrypted to the announced ML-KEM-768 key (${p.ciphertext.length} bytes)`)
  const wrapperOpts = {...opts, mortalPeriod: SHIELD_MORTAL_PERIOD, nonce: p.nonce, spendOf: inner}

  if (opts.dryRun) {
    const o = await submit(chain, wrapper, signer, wrapperOpts)
    return {...o, shield: {...info, wrapperTxHash: o.txHash}}
  }

  // the inner extrinsic gets its own journal entry, so `tx status HASH` can resolve it later
  const entry: JournalEntry = {
    anchor: p.anchor,
    at: new Date().toISOString(),
    call,
    endpoint: chain.endpoint,
    genesisHash: chain.genesisHash,
    hash: p.innerHash,
    lastValidBlock: p.innerLastValidBlock,
    nonce: p.nonce + 1,
    signer: signer.address,
    status: 'sent',
    summary: `shielded in MevShield.submitEncrypted (commitment ${p.commitment})`,
  }
  const file = chain.journalFile
  const record = (status: JournalEntry['status'], extra: Partial<JournalEntry> = {}) => {
    if (file) appendJournalQuietly(file, {...entry, ...extra, at: new Date().toISOString(), status})
  }
  record('sent')
  let wrapped: TxOutcome
  try {
    wrapped = await submit(chain, wrapper, signer, wrapperOpts)
  } catch (error) {
    const e = error as {data?: {status?: string}}
    // refused, or failed in its block (the submission was not stored): the inner extrinsic cannot run
    if (e.data?.status === 'refused' || e.data?.status === 'failed') record('refused', {error: {code: 'MevShield.WrapperNotStored', message: 'the shield wrapper did not land'}})
    throw error
  }
  info.wrapperTxHash = wrapped.txHash
  info.wrapperBlockNumber = wrapped.blockNumber
  info.wrapperFeeRao = wrapped.feeRao
  const submitted = wrapped.events.find((e) => e.section === 'mevShield' && e.method === 'EncryptedSubmitted')
  info.id = submitted ? String(submitted.data[0]) : undefined
  progress(`shield wrapper in block ${wrapped.blockNumber}; waiting for the block author to decrypt and run ${call} (until block ${p.innerLastValidBlock})`)
  const o = await awaitReveal(chain, {
    call,
    from: (wrapped.blockNumber ?? p.anchor.number) + 1,
    id: info.id,
    innerHash: p.innerHash,
    innerLastValidBlock: p.innerLastValidBlock,
    innerNonce: p.nonce + 1,
    limitMs: opts.inclusionTimeoutMs ?? Math.max(60_000, chain.timeoutMs * 2),
    record,
    signer: signer.address,
    wrapper: {blockNumber: wrapped.blockNumber, feeEstimateRao: wrapped.feeEstimateRao, feeRao: wrapped.feeRao, txHash: wrapped.txHash},
  })
  return {...o, shield: info}
}

export interface RevealWatch {
  /** `section.method` of the inner call */
  call: string
  innerHash: string
  innerNonce: number
  innerLastValidBlock: number
  signer: string
  /** the first block to search (the one after the wrapper's) */
  from: number
  /** `EncryptedSubmitted.id` of the wrapper, to recognise `DecryptionFailed` */
  id?: string
  wrapper: {txHash: string; blockNumber?: number; feeRao: bigint; feeEstimateRao: bigint}
  limitMs: number
  /** journal updates of the inner extrinsic's entry */
  record?: (status: JournalEntry['status'], extra?: Partial<JournalEntry>) => void
}

/**
 * After the wrapper landed, read the following blocks until the inner extrinsic lands (its own success, or its
 * failure as ChainError with the decoded `Pallet.Error`), the author says it could not decrypt it
 * (`MevShield.DecryptionFailed`: ChainError), its era ends unseen (ChainError `MevShield.NotRevealed`: it can no
 * longer run), or `limitMs` passes first (NetworkError `OutcomeUnknown`, with the inner hash for `tx status`).
 * The outcome's fee is the inner extrinsic's plus the wrapper's.
 */
export async function awaitReveal(chain: Chain, w: RevealWatch): Promise<TxOutcome> {
  const record = w.record ?? (() => {})
  const started = Date.now()
  let from = w.from
  const base = {call: w.call, dryRun: false, feeEstimateRao: w.wrapper.feeEstimateRao, nonce: w.innerNonce, signer: w.signer, txHash: w.innerHash}
  const ids = {call: w.call, txHash: w.innerHash, wrapperTxHash: w.wrapper.txHash}
  for (;;) {
    const head = await headNumber(chain)
    const to = Math.min(head, w.innerLastValidBlock)
    if (to >= from) {
      const found = await findExtrinsic(chain, w.innerHash, from, to)
      if (found) {
        const records = await extrinsicEvents(chain, found.hash, found.index)
        try {
          const o = outcomeFrom(chain, {...base, blockHash: found.hash, blockNumber: found.number}, records)
          record('succeeded', {block: {hash: found.hash, number: found.number}})
          return {...o, feeRao: o.feeRao + w.wrapper.feeRao}
        } catch (error) {
          const e = error as ChainError
          record('failed', {block: {hash: found.hash, number: found.number}, error: {code: e.code, message: e.message}})
          throw error
        }
      }
      if (w.id) {
        const failed = await decryptionFailure(chain, w.id, from, to)
        if (failed) {
          const message = `the block author could not decrypt the shielded ${w.call} (${failed.reason}); it did not run; the wrapper's fee is spent; safe to retry`
          record('failed', {block: failed.block, error: {code: 'MevShield.DecryptionFailed', message}})
          throw new ChainError(message, {code: 'MevShield.DecryptionFailed', data: {...ids, blockNumber: failed.block.number, status: 'failed'}})
        }
      }
      from = to + 1
    }
    if (head > w.innerLastValidBlock) {
      record('expired')
      throw new ChainError(
        `the shielded ${w.call} (tx ${w.innerHash}) did not run by block ${w.innerLastValidBlock}, the end of its era, and can no longer run; the wrapper's fee is spent; safe to retry`,
        {code: 'MevShield.NotRevealed', data: {...ids, status: 'failed'}},
      )
    }
    if (Date.now() - started > w.limitMs) {
      record('unknown')
      throw new NetworkError(
        `the shield wrapper landed${w.wrapper.blockNumber === undefined ? '' : ` in block ${w.wrapper.blockNumber}`} (tx ${w.wrapper.txHash}) but the shielded ${w.call} (tx ${w.innerHash}, nonce ${w.innerNonce}) was not seen yet; it may still run until block ${w.innerLastValidBlock}; do not resend before checking`,
        {code: 'OutcomeUnknown', data: {...ids, lastValidBlock: w.innerLastValidBlock, nonce: w.innerNonce, signer: w.signer, status: 'unknown'}, suggest: {args: [w.innerHash], command: 'tx status'}},
      )
    }
    await new Promise((r) => setTimeout(r, REVEAL_POLL_MS))
  }
}

/** A `MevShield.DecryptionFailed { id, reason }` for `id` in blocks from..to. */
async function decryptionFailure(chain: Chain, id: string, from: number, to: number): Promise<{block: {hash: string; number: number}; reason: string} | undefined> {
  const {api} = chain
  for (let n = from; n <= to; n++) {
    const hash = await api.rpc.chain.getBlockHash(n)
    const at = await api.at(hash)
    const events = (await at.query.system.events()) as unknown as {event: {section: string; method: string; data: {toString(): string; toU8a(bare?: boolean): Uint8Array}[]}}[]
    for (const {event} of events) {
      if (event.section === 'mevShield' && event.method === 'DecryptionFailed' && event.data[0]!.toString() === id) {
        const reason = Buffer.from(event.data[1]!.toU8a(true)).toString('utf8')
        return {block: {hash: hash.toHex(), number: n}, reason}
      }
    }
  }
  return undefined
}
