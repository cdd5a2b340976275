import {Args, Flags} from '@oclif/core'

import {BaseCommand, walletFlags} from '../../base-command.js'
import {targetFolder} from '../../cli/weights.js'
import {renderKeyValues, renderTable} from '../../output/table.js'

import type {ShowResult} from '../../weights/show.js'

export default class WeightsShow extends BaseCommand<ShowResult> {
  static args = {netuid: Args.integer({description: 'subnet netuid', max: 65535, min: 0, required: true})}
  static description = "the weights a hotkey has on the subnet exactly as the chain stores them (Weights: uid → u16, max-upscaled), its pending commits in WeightCommits with their reveal windows, and this machine's local pending commits. default hotkey: the wallet's; or pick one with --uid / --ss58."
  static examples = ['<%= config.bin %> weights show 3', '<%= config.bin %> weights show 3 --uid 0 --json', '<%= config.bin %> weights show 3 --ss58 5F...']
  static flags = {
    ...walletFlags,
    ss58: Flags.string({description: 'show this hotkey (SS58) instead of the wallet hotkey', exclusive: ['uid']}),
    uid: Flags.integer({description: 'show the hotkey holding this uid', exclusive: ['ss58'], max: 65535, min: 0}),
  }
  static summary = "show a hotkey's weights and pending commits"

  async run(): Promise<ShowResult> {
    const {args, flags} = await this.parseCommand(WeightsShow)
    let hotkey = flags.ss58
    let dir: string | undefined
    if (hotkey === undefined && flags.uid === undefined) {
      const ref = await this.walletRef(flags)
      const {hotkeyAddress} = await import('../../wallet/wallet.js')
      hotkey = await hotkeyAddress(ref)
      dir = await targetFolder(ref, args.netuid)
    }
    if (hotkey !== undefined) {
      const {decodeAddress} = await import('@polkadot/util-crypto')
      try {
        decodeAddress(hotkey)
      } catch {
        const {InputError} = await import('../../errors.js')
        throw new InputError(`not a valid SS58 address: ${hotkey}`, {code: 'BadAddress'})
      }
    }
    const {showWeights} = await import('../../weights/show.js')
    const r = await showWeights(await this.chain(), args.netuid, {hotkey, uid: flags.uid}, dir)
    this.out(
      renderKeyValues([
        ['subnet', `${r.netuid} (tempo ${r.tempo}, commit-reveal ${r.commitReveal ? `on, ${r.revealPeriodEpochs} epoch(s)` : 'off'})`],
        ['hotkey', `${r.hotkey}${r.uid === undefined ? ' (not registered)' : ` (uid ${r.uid})`}`],
        ['block', r.block],
        ['last update', r.lastUpdate ?? ''],
      ]),
    )
    this.out(r.weights.length ? renderTable(['uid', 'u16', 'share', 'hotkey'], r.weights.map((w) => [w.uid, w.value, `${(w.share * 100).toFixed(2)}%`, w.hotkey ?? '']), {right: [0, 1, 2]}) : 'no weights on chain for this hotkey')
    if (r.chainCommits.length) {
      this.out(renderTable(['commit (chain)', 'commit block', 'reveal window'], r.chainCommits.map((c) => [c.hash.slice(0, 18) + '…', c.commitBlock ?? '', c.firstRevealBlock !== undefined ? `${c.firstRevealBlock}–${c.lastRevealBlock}` : `epoch ${c.commitEpoch}+`])))
    }
    if (r.localCommits.length) {
      this.out(renderTable(['commit (local)', 'status', 'window', 'note'], r.localCommits.map((c) => [c.id.slice(0, 18) + '…', c.status, c.firstRevealBlock !== undefined ? `${c.firstRevealBlock}–${c.lastRevealBlock ?? '?'}` : '', c.note ?? ''])))
    }
    return r
  }
}
