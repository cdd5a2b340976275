/** `subnet lock-cost`: what creating a subnet costs now, and when the rate limit allows it. */
import type {TaoClient} from '../../client.js'
import type {LockCost} from '../../subnet/read.js'
import type {Ui} from '../../ui.js'

import {lockCost as readLockCost} from '../../subnet/read.js'
import {formatTao} from '../../util/amount.js'

export type LockCostOptions = Record<string, never>

export type LockCostResult = LockCost & {lockCostTao: string}

export async function lockCost(client: TaoClient, _options: LockCostOptions = {}, _ui?: Ui): Promise<LockCostResult> {
  // the light connection when it can serve (cached metadata); else the full client
  const [{viaLight}, {lightLockCost}] = await Promise.all([import('../../chain/light/client.js'), import('../../chain/light/subnet.js')])
  const light = client.light ? await client.light() : undefined
  const l = (await viaLight(light, lightLockCost)) ?? (await readLockCost(await client.chain()))
  return {...l, lockCostTao: formatTao(l.lockCostRao)}
}
