import type {WalletEntry} from '../../wallet/manage.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {c} from '../../output/style.js'

interface ListResult {
  walletPath: string
  wallets: WalletEntry[]
}

const STATE: Record<string, string> = {
  'ansible-vault': 'legacy ansible-vault: run tao wallet reencrypt',
  fernet: 'legacy fernet: run tao wallet reencrypt',
  missing: 'no coldkey file',
  nacl: 'encrypted',
  plaintext: 'NOT encrypted',
  unreadable: 'unreadable',
}

export default class WalletList extends BaseCommand<ListResult> {
  static description = 'reads only public data (coldkeypub.txt, hotkey files and <hotkey>pub.txt): never asks for a password. --wallet shows one wallet.'
  static examples = ['<%= config.bin %> wallet list', '<%= config.bin %> wallet list --wallet-path /srv/wallets --json', '<%= config.bin %> wallet list -w my-validator']
  static flags = {wallet: walletFlags.wallet, 'wallet-path': walletFlags['wallet-path']}
  static summary = 'list wallets and their hotkeys with addresses'

  async run(): Promise<ListResult> {
    const {flags} = await this.parseCommand(WalletList)
    const [{listWallets}, ref] = await Promise.all([import('../../wallet/manage.js'), this.walletRef({'wallet-path': flags['wallet-path']})])
    const wallets = await listWallets(ref.path, flags.wallet)
    if (wallets.length === 0) this.out(`no wallets in ${ref.path}`)
    else {
      const lines = [`${c().bold('wallets')} ${c().dim(ref.path)}`]
      wallets.forEach((w, wi) => {
        const lastW = wi === wallets.length - 1
        lines.push(`${lastW ? '└─' : '├─'} ${c().bold(w.name)}  ${w.coldkeyAddress ?? '?'}  ${c().dim(`(coldkey: ${STATE[w.coldkeyEncryption]})`)}`)
        w.hotkeys.forEach((h, hi) => {
          const note = h.publicOnly ? ' (public key only)' : h.encryption === 'nacl' ? ' (encrypted)' : h.encryption !== 'plaintext' ? ` (${h.encryption})` : ''
          lines.push(`${lastW ? '  ' : '│ '} ${hi === w.hotkeys.length - 1 ? '└─' : '├─'} ${h.name}  ${h.address ?? '<ENCRYPTED>'}${c().dim(note)}`)
        })
      })
      this.out(lines.join('\n'))
    }
    return {walletPath: ref.path, wallets}
  }
}
