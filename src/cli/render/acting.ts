/**
 * Who a plan or result acted for: "on behalf of REAL (signed by proxy P)" for `--proxy`, the multisig's approval
 * state for `--multisig`. Read from what the flow put on the object (the plan's onBehalfOf/proxy/multisig fields,
 * set when it is confirmed) or from the submission summary (`tx.proxied` / `tx.multisig`, or the same at top level).
 */
import type {MultisigInfo} from '../../multisig/submit.js'
import type {ProxiedInfo} from '../../proxy/submit.js'

import {multisigPairs} from './multisig.js'

interface Acting {
  onBehalfOf?: string
  proxy?: string
  announceOnly?: boolean
  multisig?: string | MultisigInfo
  multisigName?: string
  proxied?: ProxiedInfo
  tx?: {proxied?: ProxiedInfo; multisig?: MultisigInfo}
}

export function actingRows(value: unknown): [string, string][] {
  const r = (value ?? {}) as Acting
  const p = r.tx?.proxied ?? r.proxied
  const real = p?.onBehalfOf ?? r.onBehalfOf
  const rows: [string, string][] = []
  if (real) {
    const how = p?.announced || r.announceOnly ? 'announced by' : 'signed by'
    rows.push(['on behalf of', `${real} (${how} proxy ${p?.proxy ?? r.proxy ?? '?'}${p ? `, ${p.proxyType}` : ''})`])
    if (p?.announced) rows.push(['announced call', `${p.announced.callHash}; run it with \`tao proxy execute\`${p.announced.executableFromBlock === undefined ? '' : ` from block ${p.announced.executableFromBlock}`}`])
  }
  const m = r.tx?.multisig ?? (typeof r.multisig === 'object' ? r.multisig : undefined)
  if (m) rows.push(...multisigPairs(m))
  else if (typeof r.multisig === 'string') rows.push(['multisig', `as multisig ${r.multisigName ?? ''} ${r.multisig}`.replace(/\s+/g, ' ')])
  return rows
}
