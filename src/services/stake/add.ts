/** `stake add`: stake TAO from a wallet's coldkey to a hotkey on a subnet (buys the subnet's alpha). */
import type {TaoClient} from '../../client.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {stakeTao, type StakeTaoOptions} from '../../stake/flows.js'

export type StakeAddOptions = StakeTaoOptions

export async function add(client: TaoClient, options: StakeAddOptions, ui: Ui): Promise<StakeResult> {
  return stakeTao(client, options, ui)
}
