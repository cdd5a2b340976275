/**
 * Every extrinsic tao sends is built in this folder (one file per area: balances, stake, subnet, weights, serve), from the connected runtime's metadata
 * (never hard-coded call indices), so the same builder serves spec 218 and today's runtime. Builders take the
 * decorated `tx` namespace — `api.tx` at run time, or one expanded from a metadata file in tests — and return
 * what it returns (a submittable at run time, a Call in tests).
 */
export type TxNamespace = Record<string, Record<string, ((...args: any[]) => any) & {meta: {args: {name: {toString(): string}}[]}}>>

/** Does the runtime have `section.method`? (camelCase names, as in api.tx) */
export function hasCall(tx: TxNamespace, section: string, method: string): boolean {
  return typeof tx[section]?.[method] === 'function'
}

/** Argument names of a call in the connected runtime (snake_case as in metadata). */
export function callArgs(tx: TxNamespace, section: string, method: string): string[] {
  const fn = tx[section]?.[method]
  if (!fn) return []
  return fn.meta.args.map((a) => a.name.toString())
}

/** Build a call, failing with a clear message when the runtime lacks it. */
export function build(tx: TxNamespace, section: string, method: string, args: unknown[]): any {
  const fn = tx[section]?.[method]
  if (!fn) throw new Error(`this runtime has no ${section}.${method}`)
  return fn(...args)
}

/** The connected runtime's decorated `tx` namespace, for the builders in this folder. */
export function txOf(chain: {api: unknown}): TxNamespace {
  return (chain.api as {tx: unknown}).tx as TxNamespace
}
