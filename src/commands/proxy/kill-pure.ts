import * as Args from '@oclif/core/args'

import type {PureResult} from '../../proxy/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyKillPure extends BaseCommand<PureResult> {
  static args = {name: Args.string({description: 'the address-book name `proxy create-pure --save-as` gave it', required: true})}
  static description = 'removes a pure proxy created by the wallet\'s coldkey (Proxy.kill_pure, dispatched as the pure account through Proxy.proxy). anything the pure account still holds is lost for good.'
  static examples = ['<%= config.bin %> proxy kill-pure vault -w cold']
  static flags = {...coldkeyFlags, ...txFlags}
  static summary = 'kill a pure proxy account'

  async run(): Promise<PureResult> {
    const {args, flags} = await this.parseCommand(ProxyKillPure)
    const [{killPure}, {renderPure}] = await Promise.all([import('../../services/proxy/kill-pure.js'), import('../../cli/render/proxy.js')])
    const result = await killPure(await this.client(), {...txOptions(flags), name: args.name, wallet: await this.walletRef(flags)}, this.ui({renderPlan: renderPure}))
    this.out(renderPure(result))
    return result
  }
}
