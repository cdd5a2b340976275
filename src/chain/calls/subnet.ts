/**
 * Extrinsic builders of the subnet topic, from the connected runtime's metadata (see src/chain/calls/index.ts).
 * Every builder has a sample in test/helpers/call-samples.ts, checked against spec 218 and spec 381.
 */
import type {TxNamespace} from './index.js'

import {build, callArgs, hasCall} from './index.js'

export interface BurnedRegisterParams {
  netuid: number
  hotkey: string
  /**
   * Highest burn (rao) to pay. Runtimes with `register_limit` enforce it on chain (`RegistrationPriceLimitExceeded`);
   * on older ones (218) only the pre-check can, and `burned_register` is sent.
   */
  limitRao?: bigint
}

/** Burned registration of a hotkey on a subnet, signed by the coldkey. */
export function burnedRegisterCall(tx: TxNamespace, p: BurnedRegisterParams) {
  if (p.limitRao !== undefined && hasCall(tx, 'subtensorModule', 'registerLimit')) {
    return build(tx, 'subtensorModule', 'registerLimit', [p.netuid, p.hotkey, p.limitRao])
  }
  return build(tx, 'subtensorModule', 'burnedRegister', [p.netuid, p.hotkey])
}

/** A subnet identity as the operator gives it (only what the connected runtime's identity type has is sent). */
export interface SubnetIdentityInput {
  name?: string
  github?: string
  contact?: string
  url?: string
  discord?: string
  description?: string
  logoUrl?: string
  additional?: string
}

/** Identity input field → the runtime struct's field (V1 at 218: first three; V3 at 283+: all). */
export const IDENTITY_FIELDS: Record<keyof SubnetIdentityInput, string> = {
  additional: 'additional',
  contact: 'subnetContact',
  description: 'description',
  discord: 'discord',
  github: 'githubRepo',
  logoUrl: 'logoUrl',
  name: 'subnetName',
  url: 'subnetUrl',
}

/** Longest allowed bytes per identity field (subtensor `is_valid_subnet_identity`). */
export const IDENTITY_MAX_BYTES: Record<string, number> = {
  additional: 1024,
  description: 1024,
  discord: 256,
  githubRepo: 1024,
  logoUrl: 1024,
  subnetContact: 1024,
  subnetName: 256,
  subnetUrl: 1024,
}

/** Fields of the runtime's subnet identity struct (camelCase), read from the call's argument type; [] when the runtime has no identity call. */
export function subnetIdentityFields(tx: TxNamespace): string[] {
  const fn = tx.subtensorModule?.registerNetworkWithIdentity as unknown as {meta: {registry: {createType(t: string): unknown}; args: {name: {toString(): string}; type: {toString(): string}}[]}} | undefined
  if (!fn) return []
  const arg = fn.meta.args.find((a) => a.name.toString() === 'identity')
  if (!arg) return []
  const opt = fn.meta.registry.createType(arg.type.toString()) as {unwrapOrDefault?: () => {defKeys: string[]}; defKeys?: string[]}
  const struct = opt.unwrapOrDefault ? opt.unwrapOrDefault() : (opt as {defKeys: string[]})
  return [...struct.defKeys]
}

export interface RegisterNetworkParams {
  /** owner hotkey (gets uid 0 on the new subnet) */
  hotkey: string
  /** subnet mechanism on runtimes whose `register_network` takes one (218: must be 1); ignored elsewhere */
  mechid?: number
  identity?: SubnetIdentityInput
}

/**
 * Register a new subnet: `register_network(hotkey[, mechid])`, or `register_network_with_identity` when an identity
 * is given. Whether `mechid` is an argument is read from metadata (218 has it, 233+ not).
 */
export function registerNetworkCall(tx: TxNamespace, p: RegisterNetworkParams) {
  const method = p.identity ? 'registerNetworkWithIdentity' : 'registerNetwork'
  const names = callArgs(tx, 'subtensorModule', method)
  const args: unknown[] = [p.hotkey]
  if (names.includes('mechid')) args.push(p.mechid ?? 1)
  if (p.identity) {
    const fields = new Set(subnetIdentityFields(tx))
    const identity: Record<string, string> = {}
    for (const [k, field] of Object.entries(IDENTITY_FIELDS)) {
      if (fields.has(field)) identity[field] = p.identity[k as keyof SubnetIdentityInput] ?? ''
    }
    args.push(identity)
  }
  return build(tx, 'subtensorModule', method, args)
}
