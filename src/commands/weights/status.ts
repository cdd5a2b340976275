import {BaseCommand, walletFlags} from '../../base-command.js'
import {netuidFlag, targetFolder} from '../../cli/weights.js'
import {renderKeyValues, renderTable} from '../../output/table.js'

import type {StatusResult} from '../../weights/run.js'

export default class WeightsStatus extends BaseCommand<StatusResult> {
  static description = 'reads the chain (one block) and the local pending commits, and says what the next `tao weights run` would do and when: reveals due or waiting, missed reveals, and the block from which weights may be set or committed again. submits nothing; needs only the public hotkey file.'
  static examples = ['<%= config.bin %> weights status --netuid 3', '<%= config.bin %> weights status --netuid 3 --wallet vali --hotkey default --json']
  static flags = {...walletFlags, netuid: netuidFlag}
  static summary = 'what the next cron run would do, and when'

  async run(): Promise<StatusResult> {
    const {flags} = await this.parseCommand(WeightsStatus)
    const ref = await this.walletRef(flags)
    const {hotkeyAddress} = await import('../../wallet/wallet.js')
    const hotkey = await hotkeyAddress(ref)
    const dir = await targetFolder(ref, flags.netuid)
    const {weightsStatus} = await import('../../weights/run.js')
    const s = await weightsStatus({chain: await this.chain(), dir, netuid: flags.netuid}, hotkey)
    this.out(
      renderKeyValues([
        ['subnet', s.netuid],
        ['hotkey', `${s.hotkey}${s.uid === undefined ? ' (not registered)' : ` (uid ${s.uid})`}`],
        ['block', s.block],
        ['mode', s.mode],
        ['rate limit', `${s.rateLimit.limit} blocks; last update ${s.rateLimit.lastUpdate}; ${s.rateLimit.allowed ? 'elapsed' : `next allowed at block ${s.rateLimit.nextAllowedBlock}, in ${s.rateLimit.inBlocks} blocks`}`],
        ['next run', s.next],
      ]),
    )
    if (s.commits.length) this.out(renderTable(['commit', 'phase', 'detail'], s.commits.map((v) => [v.id.slice(0, 12) + '…', v.phase, v.detail])))
    return s
  }
}
