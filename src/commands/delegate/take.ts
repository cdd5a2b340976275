import * as Flags from '@oclif/core/flags'

import type {DelegateTakeResult} from '../../services/delegate/take.js'

import {proxyFlags} from '../../cli/flags.js'
import {BaseCommand, txFlags, walletFlags} from '../../cli/base-command.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class DelegateTake extends BaseCommand<DelegateTakeResult> {
  static description = 'show a validator\'s take, or set your own validator\'s take with --set (decrease_take, or increase_take which the chain rate-limits); signed by the coldkey that owns the hotkey'
  static examples = [
    '<%= config.bin %> delegate take --hotkey 5F...validator',
    '<%= config.bin %> delegate take --wallet owner --hotkey validator --set 9%',
    '<%= config.bin %> delegate take --wallet owner --hotkey validator --set 11.5 --yes --json',
  ]
  static fieldFlags = {take: 'set'}
  static flags = {
    ...walletFlags,
    hotkey: Flags.string({char: 'H', description: 'the validator hotkey: SS58 address or a hotkey name of your wallet [default: config "hotkey", else "default"]', env: 'TAO_HOTKEY', helpGroup: 'WALLET'}),
    ...txFlags,
    ...proxyFlags,
    set: Flags.string({description: 'new take as a percentage, e.g. 9 or 9% (the chain allows roughly 0–18%)'}),
  }
  static summary = 'show or set a validator\'s take'

  async run(): Promise<DelegateTakeResult> {
    const {flags} = await this.parseCommand(DelegateTake)
    const options = {...txOptions(flags), hotkey: flags.hotkey, take: flags.set, wallet: await this.walletRef(flags)}
    const [{take}, {renderSetTake, renderTakeInfo}] = await Promise.all([import('../../services/delegate/take.js'), import('../../cli/render/stake.js')])
    const result = await take(await this.client(), options, this.ui())
    this.out('requestedTake' in result ? renderSetTake(result) : renderTakeInfo(result))
    return result
  }
}
