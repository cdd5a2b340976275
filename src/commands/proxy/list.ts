import * as Flags from '@oclif/core/flags'

import type {list} from '../../services/proxy/list.js'

import {BaseCommand} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'

type Result = Awaited<ReturnType<typeof list>>

export default class ProxyList extends BaseCommand<Result> {
  static description = 'an account\'s proxies on chain (Proxy.Proxies: delegate, type, delay), the announcements the wallet\'s coldkey made as a proxy (and from which block each can run), tao\'s proxy address book, and the proxy types the runtime defines. reads only; no password.'
  static examples = ['<%= config.bin %> proxy list -w cold', '<%= config.bin %> proxy list --real vali-stake --json']
  static flags = {
    ...coldkeyFlags,
    real: Flags.string({description: 'whose proxies: ss58 or an address-book name [default: the wallet\'s coldkey]'}),
  }
  static summary = 'list proxies, announcements and the address book'

  async run(): Promise<Result> {
    const {flags} = await this.parseCommand(ProxyList)
    const [{list}, {renderProxyList}] = await Promise.all([import('../../services/proxy/list.js'), import('../../cli/render/proxy.js')])
    const result = await list(await this.client(), {real: flags.real, wallet: await this.walletRef(flags)}, this.ui())
    this.out(renderProxyList(result))
    return result
  }
}
