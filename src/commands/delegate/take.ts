import {Flags} from '@oclif/core'

import type {SetTakeResult, TakeInfo} from '../../stake/delegates.js'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {renderKeyValues} from '../../output/table.js'

export default class DelegateTake extends BaseCommand<SetTakeResult | TakeInfo> {
  static description = 'show a validator\'s take, or set your own validator\'s take with --set (decrease_take, or increase_take which the chain rate-limits); signed by the coldkey that owns the hotkey'
  static examples = [
    '<%= config.bin %> delegate take --hotkey 5F...validator',
    '<%= config.bin %> delegate take --wallet owner --hotkey validator --set 9%',
    '<%= config.bin %> delegate take --wallet owner --hotkey validator --set 11.5 --yes --json',
  ]
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: 'the validator hotkey: SS58 address or a hotkey name of your wallet [default: config "hotkey", else "default"]', env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    set: Flags.string({description: 'new take as a percentage, e.g. 9 or 9% (the chain allows roughly 0–18%)'}),
  }
  static summary = 'show or set a validator\'s take'

  async run(): Promise<SetTakeResult | TakeInfo> {
    const {flags} = await this.parseCommand(DelegateTake)
    const [{resolveHotkey}, {parseTakePercent, formatTake}, wallet] = await Promise.all([import('../../stake/hotkey.js'), import('../../stake/math.js'), import('../../wallet/wallet.js')])
    const take = flags.set === undefined ? undefined : parseTakePercent(flags.set)
    const ref = await this.walletRef(flags)
    const hotkey = await resolveHotkey(flags.hotkey, ref)
    const [delegates, present] = await Promise.all([import('../../stake/delegates.js'), import('../../stake/present.js')])
    if (take === undefined) {
      const info = await delegates.readDelegateTake(await this.chain(), hotkey.address)
      this.out(renderKeyValues(present.takePairs(info)))
      return info
    }
    const coldkey = await wallet.coldkeyAddress(ref)
    // fail before connecting when the confirmation cannot be asked (no terminal) and --yes is missing
    if (!flags.yes && !flags['dry-run'] && !this.canPrompt()) await this.confirmOrAbort(`set the take to ${formatTake(take)}`)
    const r = await delegates.setDelegateTake(
      await this.chain(),
      {coldkey, hotkey: hotkey.address, take},
      {
        confirm: () => this.confirmOrAbort(`set the take of ${hotkey.address.slice(0, 8)}… to ${formatTake(take)}?`),
        dryRun: flags['dry-run'],
        onProgress: (m: string) => this.progress(m),
        signer: () => this.coldkeySigner(flags),
        waitFor: flags['wait-for'] === 'finalized' ? 'finalized' : 'inBlock',
      },
    )
    this.out(renderKeyValues(present.setTakePairs(r)))
    return r
  }
}
