/** The `proxy` commands' output. */
import type {ProxyAnnounceResult} from '../../services/proxy/announce.js'
import type {ProxyBookEntry} from '../../config/proxies.js'
import type {ExecuteResult, ProxyChangeResult, ProxyListResult, PureResult} from '../../proxy/ops.js'
import type {TxSummary} from '../../stake/types.js'

import {renderKeyValues, renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

type Pairs = [string, string][]

function txPairs(tx?: TxSummary): Pairs {
  if (!tx) return []
  return [
    [tx.dryRun ? 'fee (quoted)' : 'fee paid', `${tx.feeTao} τ`],
    [tx.dryRun ? 'dry run' : 'block', tx.dryRun ? 'valid; nothing was submitted' : `${tx.blockNumber} ${tx.blockHash}`],
    ['tx hash', tx.txHash],
  ]
}

const proxiesTable = (list: ProxyListResult['proxies']) =>
  list.length === 0 ? '(no proxies)' : renderTable(['delegate', 'type', 'delay (blocks)'], list.map((d) => [d.delegate, d.proxyType, String(d.delay)]), {right: [2]})

export function renderProxyChange(r: ProxyChangeResult & {savedAs?: string}): string {
  const head = renderKeyValues([
    ['operation', `${r.action} proxy (${r.call})`],
    ['account', r.real],
    ['proxy', `${r.delegate} (${r.proxyType}, delay ${r.delay})`],
    ...(r.savedAs ? ([['address book', `saved as "${r.savedAs}" (use --proxy ${r.savedAs})`]] as Pairs) : []),
    ...txPairs(r.tx),
  ])
  return `${head}\n\nproxies of ${r.real}${r.tx?.dryRun ? ' (now)' : ''}:\n${proxiesTable(r.proxies)}`
}

export function renderPure(r: PureResult & {savedAs?: string}): string {
  return renderKeyValues([
    ['operation', `${r.action} (${r.call})`],
    ['spawner', r.spawner],
    ...(r.pure ? ([['pure account', r.pure]] as Pairs) : []),
    ['type', r.proxyType],
    ...(r.height === undefined ? [] : ([['created at', `block ${r.height}, extrinsic ${r.extIndex}, index ${r.index}`]] as Pairs)),
    ...(r.savedAs ? ([['address book', `saved as "${r.savedAs}"`]] as Pairs) : []),
    ...txPairs(r.tx),
  ])
}

export function renderProxyList(r: ProxyListResult & {book: ProxyBookEntry[]; wallet?: string}): string {
  const parts = [`proxies of ${r.real} (deposit ${formatTao(r.depositRao)} τ, block ${r.block}):`, proxiesTable(r.proxies)]
  if (r.announcements.length > 0) {
    parts.push(
      '',
      `announcements by ${r.wallet}:`,
      renderTable(
        ['call hash', 'for', 'announced', 'executable from', 'call saved'],
        r.announcements.map((a) => [a.callHash, a.real, String(a.height), a.executableFromBlock === undefined ? '?' : String(a.executableFromBlock), a.savedCall ? 'yes' : 'no']),
      ),
    )
  }
  parts.push('', 'address book:', r.book.length === 0 ? '(empty)' : renderTable(['name', 'account', 'proxy', 'type', 'delay'], r.book.map((e) => [e.name, e.real, e.delegate ?? '', e.proxyType ?? '', e.delay === undefined ? '' : String(e.delay)])))
  parts.push('', `proxy types of this runtime: ${r.types.join(', ')}`)
  return parts.join('\n')
}

export function renderAnnounce(r: ProxyAnnounceResult): string {
  return renderKeyValues([
    ['announced', `${r.call} for ${r.real}`],
    ['call hash', r.callHash],
    ['proxy', r.proxy],
    ...(r.executableFromBlock === undefined ? [] : ([['executable from', `block ${r.executableFromBlock} (tao proxy execute)`]] as Pairs)),
    ...txPairs(r.tx),
  ])
}

export function renderExecute(r: ExecuteResult): string {
  return renderKeyValues([
    ['executed', `${r.call} on behalf of ${r.real}`],
    ['call hash', r.callHash],
    ['announced', `block ${r.announcedAt}; executable from block ${r.executableFromBlock}`],
    ...txPairs(r.tx),
  ])
}
