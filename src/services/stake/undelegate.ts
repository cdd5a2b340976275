/** `stake undelegate`: unstake ALPHA delegated to a validator's hotkey, back to TAO. */
import type {TaoClient} from '../../client.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {unstakeAlpha, type UnstakeAlphaOptions} from '../../stake/flows.js'

export interface StakeUndelegateOptions extends UnstakeAlphaOptions {
  /** the validator's hotkey: SS58, or a hotkey name of the wallet */
  hotkey: string
}

export async function undelegate(client: TaoClient, options: StakeUndelegateOptions, ui: Ui): Promise<StakeResult> {
  return unstakeAlpha(client, options, ui, true)
}
