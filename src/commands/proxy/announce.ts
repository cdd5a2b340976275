import * as Flags from '@oclif/core/flags'

import type {ProxyAnnounceResult} from '../../services/proxy/announce.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyAnnounce extends BaseCommand<ProxyAnnounceResult> {
  static description = `announces a call (Proxy.announce with its blake2-256 hash) as the wallet's coldkey, a proxy of --proxy; tao keeps the call's bytes so \`proxy execute\` can run it once the proxy's delay has passed.
any mutation does the same with --proxy NAME --announce-only (e.g. \`stake add --proxy vali --announce-only\`); this command takes a call given as SCALE hex.`
  static examples = ['<%= config.bin %> proxy announce -w hot --proxy vali --call 0x0702…']
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    call: Flags.string({description: 'the call as 0x SCALE bytes', required: true}),
    proxy: Flags.string({description: 'the account to act for: ss58 or an address-book name', required: true}),
  }
  static summary = 'announce a proxy call'

  async run(): Promise<ProxyAnnounceResult> {
    const {flags} = await this.parseCommand(ProxyAnnounce)
    const {dryRun, waitFor} = txOptions(flags)
    const [{announce}, {renderAnnounce}] = await Promise.all([import('../../services/proxy/announce.js'), import('../../cli/render/proxy.js')])
    const result = await announce(await this.client(), {call: flags.call, dryRun, proxy: flags.proxy, waitFor, wallet: await this.walletRef(flags)}, this.ui())
    this.out(renderAnnounce(result))
    return result
  }
}
