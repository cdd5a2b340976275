import {Flags} from '@oclif/core'

import type {WalletOverview} from '../../wallet/onchain.js'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {renderTable} from '../../output/table.js'
import {formatTao} from '../../util/amount.js'

interface OverviewResult {
  network: string
  specVersion: number
  wallets: WalletOverview[]
}

export default class WalletOverviewCommand extends BaseCommand<OverviewResult> {
  static aliases = ['wallet:inspect']
  static description = `for each hotkey of the wallet (files on disk, hotkeys the coldkey owns on chain, and hotkeys it stakes to): registrations (netuid, uid, the hotkey's total alpha) and this coldkey's stake with its indicative TAO value. needs only public files: no password.
stake comes from StakeInfoRuntimeApi (raw bytes at spec 218, typed on newer runtimes) or Alpha storage, as the runtime's metadata allows.`
  static examples = ['<%= config.bin %> wallet overview -w my-validator', '<%= config.bin %> wallet inspect --all --network local --json']
  static flags = {
    all: Flags.boolean({char: 'a', description: 'every wallet in the wallets folder'}),
    wallet: walletFlags.wallet,
    'wallet-path': walletFlags['wallet-path'],
  }
  static summary = 'balances, stakes and registrations of a wallet and its hotkeys'

  async run(): Promise<OverviewResult> {
    const {flags} = await this.parseCommand(WalletOverviewCommand)
    const [{listWallets}, {walletOverview}] = await Promise.all([import('../../wallet/manage.js'), import('../../wallet/onchain.js')])
    const ref = await this.walletRef(flags)
    const wallets = await listWallets(ref.path, flags.all ? undefined : ref.name)
    const usable = wallets.filter((w) => {
      if (!w.coldkeyAddress) this.warning(`no coldkeypub found for wallet "${w.name}"; skipped`)
      return Boolean(w.coldkeyAddress)
    })
    if (usable.length === 0) {
      const {WalletError} = await import('../../errors.js')
      throw new WalletError(`no wallet with a coldkeypub.txt in ${ref.path}`, {code: 'NoColdkeypub'})
    }
    const chain = await this.chain()
    const out: WalletOverview[] = []
    for (const w of usable) out.push(await walletOverview(chain, w.name, w.coldkeyAddress!, w.hotkeys.map((h) => ({address: h.address, name: h.name}))))
    for (const o of out) {
      const b = o.balance
      this.out(`wallet ${o.wallet}: ${o.coldkey}\n  free ${b.freeTao} τ · reserved ${b.reservedTao} τ · staked ${b.stakedTao} τ · total ${b.totalTao} τ`)
      const rows: (string | number)[][] = []
      for (const h of o.hotkeys) {
        const netuids = [...new Set([...h.registrations.map((r) => r.netuid), ...h.stakes.map((s) => s.netuid)])].sort((a, b) => a - b)
        if (netuids.length === 0) rows.push([h.name ?? '(chain)', h.address, '', '', '', '', ''])
        for (const n of netuids) {
          const r = h.registrations.find((x) => x.netuid === n)
          const s = h.stakes.find((x) => x.netuid === n)
          rows.push([h.name ?? '(chain)', h.address, n, r ? r.uid : 'not registered', s ? formatTao(s.stakeRao) : '', s ? formatTao(s.valueRao) : '', r?.totalAlphaRao !== null && r?.totalAlphaRao !== undefined ? formatTao(r.totalAlphaRao) : ''])
        }
      }
      this.out(rows.length ? renderTable(['hotkey', 'address', 'netuid', 'uid', 'my stake α', 'value τ', 'hotkey total α'], rows, {right: [2, 4, 5, 6]}) : '  no hotkeys')
    }
    return {network: chain.endpoint, specVersion: chain.specVersion, wallets: out}
  }
}
