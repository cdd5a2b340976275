/**
 * Extrinsic builders for keys and identities on chain: root registration, hotkey swap, hotkey association, the
 * coldkey identity, root-dividend claims and the auto-stake destination. Built from the connected runtime's
 * metadata (see ./index.ts): which arguments a call takes is read from it, never assumed from a spec number.
 * Every builder has a sample in test/helpers/call-samples.ts, checked against spec 218 and spec 381.
 */
import type {TxNamespace} from './index.js'

import {build, callArgs, hasCall} from './index.js'

/** `root_register(hotkey)`: join the root network (netuid 0), signed by the coldkey that owns the hotkey. */
export function rootRegisterCall(tx: TxNamespace, hotkey: string) {
  return build(tx, 'subtensorModule', 'rootRegister', [hotkey])
}

export interface SwapHotkeyParams {
  hotkey: string
  newHotkey: string
  /** one subnet only, where the runtime's swap_hotkey takes a netuid; undefined: every subnet */
  netuid?: number
  /** keep the stake on the old hotkey (swap_hotkey_v2 only) */
  keepStake?: boolean
}

/** Does this runtime's hotkey swap take a netuid (a swap on one subnet)? */
export function swapHotkeyTakesNetuid(tx: TxNamespace): boolean {
  return callArgs(tx, 'subtensorModule', swapHotkeyMethod(tx)).includes('netuid')
}

/** `swap_hotkey_v2` where the runtime has it (today's), else `swap_hotkey`. */
export function swapHotkeyMethod(tx: TxNamespace): string {
  return hasCall(tx, 'subtensorModule', 'swapHotkeyV2') ? 'swapHotkeyV2' : 'swapHotkey'
}

/**
 * The runtime's hotkey swap, signed by the coldkey: `swap_hotkey(hotkey, new_hotkey)` (218),
 * `swap_hotkey(hotkey, new_hotkey, netuid: Option)` (381), or `swap_hotkey_v2(…, netuid, keep_stake)`. A netuid
 * on a runtime whose call takes none is refused here (the caller checks first and says so in one line).
 */
export function swapHotkeyCall(tx: TxNamespace, p: SwapHotkeyParams) {
  const method = swapHotkeyMethod(tx)
  const byName: Record<string, unknown> = {hotkey: p.hotkey, keepstake: p.keepStake ?? false, netuid: p.netuid ?? null, newhotkey: p.newHotkey}
  const names = callArgs(tx, 'subtensorModule', method)
  if (p.netuid !== undefined && !names.includes('netuid')) throw new Error(`this runtime's ${method} swaps on every subnet; it takes no netuid`)
  const args = names.map((name) => {
    const key = name.replaceAll('_', '').toLowerCase()
    if (!(key in byName)) throw new Error(`${method} has an argument tao does not know: ${name}`)
    return byName[key]
  })
  return build(tx, 'subtensorModule', method, args)
}

/** `try_associate_hotkey(hotkey)`: claim a hotkey for the signing coldkey without registering it (newer runtimes). */
export function associateHotkeyCall(tx: TxNamespace, hotkey: string) {
  return build(tx, 'subtensorModule', 'tryAssociateHotkey', [hotkey])
}

/** A coldkey identity as the operator gives it; only the fields the runtime's `set_identity` takes are sent. */
export interface ChainIdentityInput {
  name?: string
  url?: string
  githubRepo?: string
  image?: string
  discord?: string
  description?: string
  additional?: string
}

/** Longest allowed bytes per identity field (subtensor `is_valid_identity`). */
export const CHAIN_IDENTITY_MAX_BYTES: Record<keyof ChainIdentityInput, number> = {
  additional: 1024,
  description: 1024,
  discord: 256,
  githubRepo: 256,
  image: 1024,
  name: 256,
  url: 256,
}

/** The identity fields this runtime's `set_identity` takes (camelCase), in call order; [] when it has none. */
export function identityFields(tx: TxNamespace): (keyof ChainIdentityInput)[] {
  if (!hasCall(tx, 'subtensorModule', 'setIdentity')) return []
  return callArgs(tx, 'subtensorModule', 'setIdentity').map((n) => n.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase()) as keyof ChainIdentityInput)
}

/** `set_identity(name, url, [github_repo,] image, discord, description, additional)`, signed by the coldkey. */
export function setIdentityCall(tx: TxNamespace, identity: ChainIdentityInput) {
  const fields = identityFields(tx)
  const known = new Set(Object.keys(CHAIN_IDENTITY_MAX_BYTES))
  for (const f of fields) if (!known.has(f)) throw new Error(`set_identity has an argument tao does not know: ${f}`)
  return build(
    tx,
    'subtensorModule',
    'setIdentity',
    fields.map((f) => identity[f] ?? ''),
  )
}

/** How root dividends are claimed (`set_root_claim_type`, newer runtimes). */
export type RootClaimType = {kind: 'Swap'} | {kind: 'Keep'} | {kind: 'KeepSubnets'; subnets: number[]}

/** `set_root_claim_type(new_root_claim_type)`. */
export function setRootClaimTypeCall(tx: TxNamespace, t: RootClaimType) {
  const value = t.kind === 'KeepSubnets' ? {KeepSubnets: {subnets: [...new Set(t.subnets)].sort((a, b) => a - b)}} : t.kind
  return build(tx, 'subtensorModule', 'setRootClaimType', [value])
}

/** `claim_root(subnets)`: claim the root dividends of these subnets now. */
export function claimRootCall(tx: TxNamespace, subnets: number[]) {
  return build(tx, 'subtensorModule', 'claimRoot', [[...new Set(subnets)].sort((a, b) => a - b)])
}

/** `set_coldkey_auto_stake_hotkey(netuid, hotkey)`: where the coldkey's emissions on a subnet are staked. */
export function setAutoStakeCall(tx: TxNamespace, netuid: number, hotkey: string) {
  return build(tx, 'subtensorModule', 'setColdkeyAutoStakeHotkey', [netuid, hotkey])
}
