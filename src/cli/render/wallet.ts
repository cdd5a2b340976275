import type {BalanceResult} from '../../services/wallet/balance.js'
import type {ListResult} from '../../services/wallet/list.js'
import type {OverviewResult} from '../../services/wallet/overview.js'
import type {ReencryptOptions} from '../../services/wallet/reencrypt.js'
import type {SignResult} from '../../services/wallet/sign.js'
import type {TransferResult} from '../../services/wallet/transfer.js'
import type {WalletWriteResult} from '../../wallet/flows.js'
import type {ReencryptResult} from '../../wallet/manage.js'
import type {VerifyResult} from '../../wallet/sign.js'

import {c} from '../../output/style.js'
import {multisigPairs} from './multisig.js'
import {policyPairs} from './stake.js'
import {renderKeyValues, renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

/** The keys a create / new / regen command wrote. */
export function renderWalletWrite(r: WalletWriteResult): string {
  if (r.coldkeyEncrypted === undefined && r.hotkeyEncrypted === undefined) {
    // only a public file was written (regen-coldkeypub / regen-hotkeypub)
    return renderKeyValues([['wallet', r.wallet], r.coldkeyAddress ? ['coldkey', r.coldkeyAddress] : ['hotkey', r.hotkeyAddress], ['file', r.files[0]]])
  }
  const rows: [string, string][] = [
    ['wallet', r.wallet],
    ['wallet path', r.walletPath],
  ]
  if (r.coldkeyEncrypted !== undefined) rows.push(['coldkey', `${r.coldkeyAddress} (${r.coldkeyEncrypted ? 'encrypted' : 'NOT encrypted'})`])
  if (r.hotkeyEncrypted !== undefined) rows.push(['hotkey', `${r.hotkey}: ${r.hotkeyAddress}`])
  return renderKeyValues(rows)
}

const STATE: Record<string, string> = {
  'ansible-vault': 'legacy ansible-vault: run tao wallet reencrypt',
  fernet: 'legacy fernet: run tao wallet reencrypt',
  missing: 'no coldkey file',
  nacl: 'encrypted',
  plaintext: 'NOT encrypted',
  unreadable: 'unreadable',
}

/** Wallets as a tree: wallet, coldkey address and how it is stored, then its hotkeys. */
export function renderWalletList(r: ListResult): string {
  const {walletPath, wallets} = r
  if (wallets.length === 0) return `no wallets in ${walletPath}`
  const lines = [`${c().bold('wallets')} ${c().dim(walletPath)}`]
  wallets.forEach((w, wi) => {
    const lastW = wi === wallets.length - 1
    lines.push(`${lastW ? '└─' : '├─'} ${c().bold(w.name)}  ${w.coldkeyAddress ?? '?'}  ${c().dim(`(coldkey: ${STATE[w.coldkeyEncryption]})`)}`)
    w.hotkeys.forEach((h, hi) => {
      const note = h.publicOnly ? ' (public key only)' : h.encryption === 'nacl' ? ' (encrypted)' : h.encryption !== 'plaintext' ? ` (${h.encryption})` : ''
      lines.push(`${lastW ? '  ' : '│ '} ${hi === w.hotkeys.length - 1 ? '└─' : '├─'} ${h.name}  ${h.address ?? '<ENCRYPTED>'}${c().dim(note)}`)
    })
  })
  return lines.join('\n')
}

export function renderBalances(r: BalanceResult): string {
  const rows: string[][] = r.balances.map((b) => [b.wallet ?? '', b.address, b.freeTao, b.reservedTao, b.stakedTao, b.totalTao])
  if (r.balances.length > 1) rows.push(['total', '', '', '', '', formatTao(r.totalRao)])
  return renderTable(['wallet', 'coldkey', 'free τ', 'reserved τ', 'staked τ', 'total τ'], rows, {right: [2, 3, 4, 5]})
}

/** A hotkey the coldkey owns or stakes to on chain, with no key file in this wallet. */
export const NOT_IN_WALLET = '(not in this wallet)'

/** Per wallet: its balance line, then one row per hotkey and netuid. */
export function renderOverview(r: OverviewResult): string {
  const parts: string[] = []
  for (const o of r.wallets) {
    const b = o.balance
    parts.push(`wallet ${o.wallet}: ${o.coldkey}\n  free ${b.freeTao} τ · reserved ${b.reservedTao} τ · staked ${b.stakedTao} τ · total ${b.totalTao} τ`)
    const rows: (string | number)[][] = []
    for (const h of o.hotkeys) {
      const netuids = [...new Set([...h.registrations.map((x) => x.netuid), ...h.stakes.map((s) => s.netuid)])].sort((x, y) => x - y)
      const label = h.name ?? NOT_IN_WALLET
      if (netuids.length === 0) rows.push([label, h.address, '', '', '', '', ''])
      for (const n of netuids) {
        const reg = h.registrations.find((x) => x.netuid === n)
        const s = h.stakes.find((x) => x.netuid === n)
        const total = reg ? formatTao(reg.alphaStakeRao) : ''
        rows.push([label, h.address, n, reg ? reg.uid : 'not registered', s ? formatTao(s.stakeRao) : '', s ? formatTao(s.valueRao) : '', total])
      }
    }
    parts.push(rows.length ? renderTable(['hotkey', 'address', 'netuid', 'uid', 'my stake α', 'value τ', 'hotkey α stake'], rows, {right: [2, 4, 5, 6]}) : '  no hotkeys')
    if (o.hotkeys.some((h) => h.name === null)) parts.push(`${NOT_IN_WALLET}: a hotkey this coldkey owns or stakes to on chain, with no hotkey file in this wallet`)
  }
  return parts.join('\n')
}

export function renderTransfer(r: TransferResult): string {
  return renderKeyValues([
    ['from', r.from],
    ...(r.proxied ? ([['on behalf of', `${r.proxied.onBehalfOf} (${r.proxied.announced ? 'announced by' : 'signed by'} proxy ${r.proxied.proxy}, ${r.proxied.proxyType})`]] as [string, string][]) : []),
    ['to', r.dest],
    ['amount', `${r.amountTao} τ`],
    [r.dryRun ? 'fee (quoted)' : 'fee paid', `${r.feeTao} τ`],
    ['call', r.call],
    ...multisigPairs(r.multisig),
    ...policyPairs(r.policy),
    [r.dryRun ? 'dry run' : 'block', r.dryRun ? 'valid; nothing was submitted' : `${r.blockNumber} ${r.blockHash}`],
    ['tx hash', r.txHash],
    ...(r.proxied?.announced ? ([['announced call', `${r.proxied.announced.callHash}; run it with \`tao proxy execute\`${r.proxied.announced.executableFromBlock === undefined ? '' : ` from block ${r.proxied.announced.executableFromBlock}`}`]] as [string, string][]) : []),
  ])
}

export function renderReencrypt(r: ReencryptResult, o: ReencryptOptions): string {
  const what = o.key === 'hotkey' ? `hotkey "${o.wallet.hotkey}" of wallet "${o.wallet.name}"` : `coldkey of wallet "${o.wallet.name}"`
  return r.changed ? `${what}: ${r.from} → $NACL (${r.file})` : `${what} is already $NACL; nothing to do`
}

export function renderSignature(r: SignResult): string {
  return renderKeyValues([
    ['signer', `${r.key} ${r.address}`],
    ['signature', r.signature],
  ])
}

export function renderVerified(r: VerifyResult): string {
  return `valid signature by ${r.address}${r.wrapped ? ' (over <Bytes>…</Bytes>)' : ''}`
}
