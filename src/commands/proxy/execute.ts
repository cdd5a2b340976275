import * as Flags from '@oclif/core/flags'

import type {ExecuteResult} from '../../proxy/ops.js'

import {BaseCommand, txFlags} from '../../cli/base-command.js'
import {coldkeyFlags} from '../../cli/flags.js'
import {txOptions} from '../../cli/stake-flags.js'

export default class ProxyExecute extends BaseCommand<ExecuteResult> {
  static description = `runs a call the wallet's coldkey announced as a proxy (Proxy.proxy_announced), with the bytes tao saved when it announced. before signing: the chain still holds the announcement and the proxy's delay has passed; too early is exit 5 (Proxy.Unannounced) with the block it can run from, nothing submitted.`
  static examples = ['<%= config.bin %> proxy execute -w hot', '<%= config.bin %> proxy execute -w hot --call-hash 0x3f… --yes --json']
  static fieldFlags = {callHash: 'call-hash'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    'call-hash': Flags.string({description: 'which announcement (needed when several are pending)'}),
    proxy: Flags.string({description: 'only announcements for this account (ss58 or an address-book name)'}),
  }
  static summary = 'execute an announced proxy call after its delay'

  async run(): Promise<ExecuteResult> {
    const {flags} = await this.parseCommand(ProxyExecute)
    const {dryRun, waitFor} = txOptions({'dry-run': flags['dry-run'], 'wait-for': flags['wait-for']})
    const [{execute}, {renderExecute}] = await Promise.all([import('../../services/proxy/execute.js'), import('../../cli/render/proxy.js')])
    const result = await execute(await this.client(), {callHash: flags['call-hash'], dryRun, proxy: flags.proxy, waitFor, wallet: await this.walletRef(flags)}, this.ui({renderPlan: renderExecute}))
    this.out(renderExecute(result))
    return result
  }
}
