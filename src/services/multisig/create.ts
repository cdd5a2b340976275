/** `multisig create`: a named multisig (address from its signatories and threshold), saved in tao's config. Offline. */
import type {TaoClient} from '../../client.js'
import type {MultisigEntry} from '../../config/multisigs.js'
import type {Ui} from '../../ui.js'

import {accountOf} from '../../proxy/actor.js'
import {defineMultisig} from '../../multisig/ops.js'

export interface MultisigCreateOptions {
  name: string
  /** ss58 addresses or wallet names (their coldkeypub.txt), in any order */
  signatories: string[]
  threshold: number
  /** the wallets folder wallet names are looked up in */
  walletPath: string
  /** replace an entry of the same name */
  overwrite?: boolean
}

export async function create(_client: TaoClient, o: MultisigCreateOptions, _ui: Ui): Promise<MultisigEntry & {file: string}> {
  const {checkBookName} = await import('../../config/proxies.js')
  const {multisigBookFile, saveMultisig} = await import('../../config/multisigs.js')
  const name = checkBookName(o.name)
  const signatories: string[] = []
  for (const s of o.signatories) signatories.push(await accountOf(s, o.walletPath, 'signatories'))
  const entry = await defineMultisig(name, signatories, o.threshold)
  await saveMultisig(entry, o.overwrite)
  return {...entry, file: multisigBookFile()}
}
