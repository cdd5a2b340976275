/** `stake delegate`: stake TAO to a validator's hotkey (the validator keeps its take, shown in the plan). */
import type {TaoClient} from '../../client.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {stakeTao, type StakeTaoOptions} from '../../stake/flows.js'

export interface StakeDelegateOptions extends StakeTaoOptions {
  /** the validator's hotkey: SS58, or a hotkey name of the wallet */
  hotkey: string
}

export async function delegate(client: TaoClient, options: StakeDelegateOptions, ui: Ui): Promise<StakeResult> {
  return stakeTao(client, options, ui, true)
}
