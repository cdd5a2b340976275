/** `stake remove`: sell ALPHA held on a hotkey in a subnet back to TAO. */
import type {TaoClient} from '../../client.js'
import type {StakeResult} from '../../stake/types.js'
import type {Ui} from '../../ui.js'

import {unstakeAlpha, type UnstakeAlphaOptions} from '../../stake/flows.js'

export type StakeRemoveOptions = UnstakeAlphaOptions

export async function remove(client: TaoClient, options: StakeRemoveOptions, ui: Ui): Promise<StakeResult> {
  return unstakeAlpha(client, options, ui)
}
