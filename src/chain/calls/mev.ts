/**
 * MevShield (newer runtimes; 381 has it, 218 does not): `submit_encrypted(commitment, ciphertext)` carries a
 * signed extrinsic encrypted to the key the chain announces (MevShield.NextKey; ML-KEM-768 + XChaCha20-Poly1305:
 * ciphertext = u16 LE kem_len ‖ kem_ct ‖ nonce24 ‖ aead_ct, commitment = blake2-256 of the signed extrinsic).
 * The encryption and the submission: ../shield.ts.
 */
import {build, hasCall, type TxNamespace} from './index.js'

export function hasMevShield(tx: TxNamespace): boolean {
  return hasCall(tx, 'mevShield', 'submitEncrypted')
}

/**
 * `ciphertext` as raw bytes or 0x-hex. Bytes are passed on as hex: @polkadot/types reads a Uint8Array given for
 * `Bytes` as already SCALE-encoded (its first bytes taken for the length prefix), which would cut the blob.
 */
export function submitEncryptedCall(tx: TxNamespace, p: {commitment: string; ciphertext: Uint8Array | string}) {
  const ciphertext = typeof p.ciphertext === 'string' ? p.ciphertext : `0x${Buffer.from(p.ciphertext).toString('hex')}`
  return build(tx, 'mevShield', 'submitEncrypted', [p.commitment, ciphertext])
}

/** Mortality of a shielded extrinsic and its wrapper, in blocks (btcli caps shielded calls at 8). */
export const SHIELD_MORTAL_PERIOD = 8

/** What the connected runtime offers: the ML-KEM-768 NextKey scheme (spec-381 era), another one tao does not implement, or none. */
export type ShieldScheme = 'mlkem768-v1' | 'unsupported' | 'absent'

/**
 * Told apart by metadata: the v1 scheme has `submit_encrypted(commitment, ciphertext)`, `NextKey` and the
 * wrapper buffer `Submissions`; later runtimes (PendingKey/AuthorKeys, the CheckShieldedTxValidity extension,
 * threshold IBE) changed what the author decrypts and are not encrypted to.
 */
export function shieldScheme(chain: {api: unknown}): ShieldScheme {
  const tx = (chain.api as {tx: TxNamespace}).tx
  if (!hasMevShield(tx)) return 'absent'
  const q = ((chain.api as {query: Record<string, Record<string, unknown> | undefined>}).query.mevShield ?? {}) as Record<string, unknown>
  const args = tx.mevShield!.submitEncrypted!.meta.args.map((a) => a.name.toString())
  const v1 = Boolean(q.nextKey) && Boolean(q.submissions) && !q.pendingKey && !q.authorKeys && args.join(',') === 'commitment,ciphertext'
  return v1 ? 'mlkem768-v1' : 'unsupported'
}
