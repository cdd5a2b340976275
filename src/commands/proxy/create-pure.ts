import * as Flags from '@oclif/core/flags'

import type {PureResult} from '../../proxy/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyCreatePure extends BaseCommand<PureResult> {
  static description = 'creates a pure proxy (Proxy.create_pure): a new account with no key, controlled only by the wallet\'s coldkey as its proxy of --type. --save-as NAME records it (and what `proxy kill-pure` needs) in the address book; act as it with --proxy NAME.'
  static examples = ['<%= config.bin %> proxy create-pure -w cold --type Any --save-as vault']
  static fieldFlags = {saveAs: 'save-as'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    delay: Flags.integer({default: 0, description: 'announcement delay in blocks', min: 0}),
    index: Flags.integer({default: 0, description: 'disambiguation index (several pure proxies in one block)', max: 65_535, min: 0}),
    'save-as': Flags.string({description: 'address-book name for the new account'}),
    type: Flags.string({description: 'proxy type the coldkey gets over it (Any to control it fully)', required: true}),
  }
  static summary = 'create a pure (keyless) proxy account'

  async run(): Promise<PureResult> {
    const {flags} = await this.parseCommand(ProxyCreatePure)
    const options = {...txOptions(flags), delay: flags.delay, index: flags.index, saveAs: flags['save-as'], type: flags.type, wallet: await this.walletRef(flags)}
    const [{createPure}, {renderPure}] = await Promise.all([import('../../services/proxy/create-pure.js'), import('../../cli/render/proxy.js')])
    const result = await createPure(await this.client(), options, this.ui({renderPlan: renderPure}))
    this.out(renderPure(result))
    return result
  }
}
