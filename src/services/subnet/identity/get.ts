/** `subnet identity get`: a subnet's on-chain identity (name, repository, contact, …). */
import type {TaoClient} from '../../../client.js'
import type {Ui} from '../../../ui.js'

import {readSubnetIdentity, type SubnetIdentity} from '../../../subnet/owner.js'
import {parseNetuid} from '../../../subnet/read.js'

export interface IdentityGetOptions {
  netuid: number
}

export type IdentityGetResult = SubnetIdentity

export async function get(client: TaoClient, o: IdentityGetOptions, _ui?: Ui): Promise<IdentityGetResult> {
  return readSubnetIdentity(await client.chain(), parseNetuid(o.netuid))
}
