import * as Flags from '@oclif/core/flags'

import type {IdentityPlan, IdentityResult} from '../../../wallet/chain-keys.js'

import {proxyFlags} from '../../../cli/flags.js'
import {BaseCommand, coldkeyFlags, txFlags} from '../../../cli/base-command.js'
import {showingPlan} from '../../../cli/plan-ui.js'
import {txOptions} from '../../../cli/stake-flags.js'

export default class WalletIdentitySet extends BaseCommand<IdentityResult> {
  static description = `set the coldkey's on-chain identity (set_identity, pays a fee). Only the fields given change; the others keep their stored
values. Limits (checked before signing): name, url, github, discord 256 bytes; image, description, additional 1024 bytes.
A field this runtime's call lacks (github at spec 218) is refused. The chain keeps identities only for a coldkey that
owns a registered hotkey.`
  static examples = ['<%= config.bin %> wallet identity set --wallet owner --name "My Validator" --url https://example.org', '<%= config.bin %> wallet identity set -w owner --description "…" --dry-run --json']
  static fieldFlags = {githubRepo: 'github'}
  static flags = {
    ...coldkeyFlags,
    ...txFlags,
    ...proxyFlags,
    additional: Flags.string({description: 'anything else (≤ 1024 bytes)'}),
    description: Flags.string({description: 'description (≤ 1024 bytes)'}),
    discord: Flags.string({description: 'discord handle (≤ 256 bytes)'}),
    github: Flags.string({description: 'github repository (≤ 256 bytes; newer runtimes)'}),
    image: Flags.string({description: 'image URL (≤ 1024 bytes)'}),
    name: Flags.string({description: 'display name (≤ 256 bytes)'}),
    url: Flags.string({description: 'web site (≤ 256 bytes)'}),
  }
  static summary = 'set the coldkey\'s on-chain identity'

  async run(): Promise<IdentityResult> {
    const {flags} = await this.parseCommand(WalletIdentitySet)
    const [{set}, {renderIdentityPlan, renderIdentityResult}] = await Promise.all([import('../../../services/wallet/identity/set.js'), import('../../../cli/render/keys.js')])
    const options = {
      ...txOptions(flags),
      additional: flags.additional,
      description: flags.description,
      discord: flags.discord,
      githubRepo: flags.github,
      image: flags.image,
      name: flags.name,
      url: flags.url,
      wallet: await this.walletRef(flags),
    }
    const result = await set(await this.client(), options, showingPlan<IdentityPlan>(this.ui(), (t) => this.out(t), renderIdentityPlan))
    this.out(renderIdentityResult(result))
    return result
  }
}
