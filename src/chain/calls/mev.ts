/**
 * MevShield (newer runtimes; 381 has it, 218 does not): `submit_encrypted(commitment, ciphertext)` carries a
 * signed extrinsic encrypted to the key the chain announces (MevShield.NextKey; ML-KEM-768 + XChaCha20-Poly1305:
 * ciphertext = u16 kem_len ‖ kem_ct ‖ nonce24 ‖ aead_ct, commitment = the runtime hash of the signed extrinsic).
 */
import {build, hasCall, type TxNamespace} from './index.js'

export function hasMevShield(tx: TxNamespace): boolean {
  return hasCall(tx, 'mevShield', 'submitEncrypted')
}

export function submitEncryptedCall(tx: TxNamespace, p: {commitment: string; ciphertext: Uint8Array | string}) {
  return build(tx, 'mevShield', 'submitEncrypted', [p.commitment, p.ciphertext])
}
