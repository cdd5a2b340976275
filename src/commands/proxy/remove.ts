import * as Flags from '@oclif/core/flags'

import type {ProxyChangeResult} from '../../proxy/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyRemove extends BaseCommand<ProxyChangeResult> {
  static description = 'stops --delegate being a proxy of the wallet\'s coldkey (Proxy.remove_proxy), signed by that coldkey; the type and delay must match the relation on chain (`proxy list`).'
  static examples = ['<%= config.bin %> proxy remove -w cold --delegate 5F…hot --type Staking']
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    delay: Flags.integer({default: 0, description: 'the delay the proxy was added with', min: 0}),
    delegate: Flags.string({description: 'the proxy account: ss58, or a wallet name', required: true}),
    type: Flags.string({description: 'the proxy type it was added with', required: true}),
  }
  static summary = 'remove a proxy of your coldkey'

  async run(): Promise<ProxyChangeResult> {
    const {flags} = await this.parseCommand(ProxyRemove)
    const options = {...txOptions(flags), delay: flags.delay, delegate: flags.delegate, type: flags.type, wallet: await this.walletRef(flags)}
    const [{remove}, {renderProxyChange}] = await Promise.all([import('../../services/proxy/remove.js'), import('../../cli/render/proxy.js')])
    const result = await remove(await this.client(), options, this.ui({renderPlan: renderProxyChange}))
    this.out(renderProxyChange(result))
    return result
  }
}
