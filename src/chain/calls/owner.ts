/**
 * Builders of the child-hotkey, subnet-owner and sudo calls, from the connected runtime's metadata (see
 * ./index.ts). AdminUtils setters are found by name in metadata (`admin_utils.sudo_set_*`), never by index.
 */
import {build, hasCall, type TxNamespace} from './index.js'

const SM = 'subtensorModule'

/** set_children(hotkey, netuid, children: Vec<(u64 proportion, AccountId32)>), signed by the hotkey's coldkey. */
export function setChildrenCall(tx: TxNamespace, p: {hotkey: string; netuid: number; children: [bigint, string][]}) {
  return build(tx, SM, 'setChildren', [p.hotkey, p.netuid, p.children])
}

/** set_childkey_take(hotkey, netuid, take: u16), signed by the hotkey's coldkey. */
export function setChildkeyTakeCall(tx: TxNamespace, p: {hotkey: string; netuid: number; take: number}) {
  return build(tx, SM, 'setChildkeyTake', [p.hotkey, p.netuid, p.take])
}

/** start_call(netuid): the owner starts emissions (runtimes from 257; absent at 218). */
export function startCallCall(tx: TxNamespace, p: {netuid: number}) {
  return build(tx, SM, 'startCall', [p.netuid])
}

/** One argument of a call as the runtime's metadata declares it (snake_case name, type as metadata spells it). */
export interface CallArg {
  name: string
  type: string
}

interface CallMeta {
  meta: {args: {name: {toString(): string}; type: {toString(): string}}[]; docs: {toString(): string}[]}
}

/** Arguments of `section.method` with their types; undefined when the runtime lacks the call. */
export function callSignature(tx: TxNamespace, section: string, method: string): CallArg[] | undefined {
  const fn = tx[section]?.[method] as unknown as CallMeta | undefined
  if (!fn) return undefined
  return fn.meta.args.map((a) => ({name: a.name.toString(), type: a.type.toString()}))
}

/** The call's documentation in metadata, as one string ('' when none). */
export function callDocs(tx: TxNamespace, section: string, method: string): string {
  const fn = tx[section]?.[method] as unknown as CallMeta | undefined
  return fn ? fn.meta.docs.map(String).join(' ').replaceAll(/\s+/g, ' ').trim() : ''
}

/** AdminUtils setters the runtime has (camelCase names, as in api.tx). */
export function adminSetters(tx: TxNamespace): string[] {
  return Object.keys(tx.adminUtils ?? {}).filter((m) => m.startsWith('sudoSet'))
}

/** `admin_utils.<method>(...args)`. */
export function adminCall(tx: TxNamespace, method: string, args: unknown[]) {
  return build(tx, 'adminUtils', method, args)
}

/** `Sudo.sudo(call)`: the call dispatched with the root origin (signed by the sudo key). */
export function sudoCall(tx: TxNamespace, call: unknown) {
  return build(tx, 'sudo', 'sudo', [call])
}

/** Several calls as one all-or-nothing extrinsic (`Utility.batch_all`); one call is returned as is. */
export function batchAllCall(tx: TxNamespace, calls: unknown[]) {
  if (calls.length === 1) return calls[0]
  return build(tx, 'utility', 'batchAll', [calls])
}

export const hasStartCall = (tx: TxNamespace) => hasCall(tx, SM, 'startCall')

/**
 * set_subnet_identity(netuid, …fields: Bytes), owner only. The fields are the call's own arguments after
 * `netuid` (three at 218: subnet_name, github_repo, subnet_contact; eight later); `values` by those names.
 */
export function setSubnetIdentityCall(tx: TxNamespace, p: {netuid: number; values: Record<string, string>}) {
  const sig = callSignature(tx, SM, 'setSubnetIdentity') ?? []
  const args: unknown[] = [p.netuid]
  for (const a of sig.slice(1)) args.push(p.values[a.name] ?? '')
  return build(tx, SM, 'setSubnetIdentity', args)
}

/** Field names (snake_case) of set_subnet_identity after netuid; [] when the runtime lacks the call. */
export function subnetIdentityCallFields(tx: TxNamespace): string[] {
  return (callSignature(tx, SM, 'setSubnetIdentity') ?? []).slice(1).map((a) => a.name)
}
