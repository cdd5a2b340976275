import * as Flags from '@oclif/core/flags'

import type {ProxyChangeResult} from '../../proxy/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyAdd extends BaseCommand<ProxyChangeResult> {
  static description = `makes --delegate a proxy of the wallet's coldkey (Proxy.add_proxy), signed by that coldkey. the proxy can then act for it within its type (e.g. Staking: stake add/remove with --proxy) without the coldkey being unlocked again.
the type must be one the runtime defines (\`proxy list\` shows them); --delay makes every call wait that many blocks after an announcement. --save-as NAME keeps the relation in tao's proxy address book, so --proxy NAME works on the proxy's host.`
  static examples = [
    '<%= config.bin %> proxy add -w cold --delegate 5F…hot --type Staking --save-as vali-stake',
    '<%= config.bin %> proxy add -w cold --delegate ops-wallet --type NonTransfer --delay 100 --yes --json',
  ]
  static fieldFlags = {saveAs: 'save-as'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    delay: Flags.integer({default: 0, description: 'blocks an announced call must wait before it can run (0: calls run at once)', min: 0}),
    delegate: Flags.string({description: 'the account that becomes the proxy: ss58, or a wallet name', required: true}),
    'save-as': Flags.string({description: 'save the relation in the proxy address book under this name'}),
    type: Flags.string({description: 'proxy type (Any, Staking, NonTransfer, Transfer, … as the runtime defines)', required: true}),
  }
  static summary = 'make an account a proxy of your coldkey'

  async run(): Promise<ProxyChangeResult> {
    const {flags} = await this.parseCommand(ProxyAdd)
    const options = {...txOptions(flags), delay: flags.delay, delegate: flags.delegate, saveAs: flags['save-as'], type: flags.type, wallet: await this.walletRef(flags)}
    const [{add}, {renderProxyChange}] = await Promise.all([import('../../services/proxy/add.js'), import('../../cli/render/proxy.js')])
    const result = await add(await this.client(), options, this.ui({renderPlan: renderProxyChange}))
    this.out(renderProxyChange(result))
    return result
  }
}
