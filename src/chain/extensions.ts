/**
 * Subtensor's custom signed/transaction extensions, by runtime era. All are zero-sized (no extra, no implicit),
 * so declaring them empty is correct; @polkadot/api applies only those in the connected runtime's metadata.
 */
export const SIGNED_EXTENSIONS = {
  SubtensorSignedExtension: {extrinsic: {}, payload: {}}, // 218 … 277
  CommitmentsSignedExtension: {extrinsic: {}, payload: {}}, // 218 … 277
  SubtensorTransactionExtension: {extrinsic: {}, payload: {}}, // 283+
  DrandPriority: {extrinsic: {}, payload: {}}, // 306+
  SudoTransactionExtension: {extrinsic: {}, payload: {}}, // 365+
  CheckShieldedTxValidity: {extrinsic: {}, payload: {}}, // 391+
} as const
