/**
 * `utils convert`: TAO ↔ rao exactly (offline), and alpha ↔ TAO at a subnet's current price (read from the chain
 * when a netuid is given). Amounts are exact decimal strings; a value with more than 9 decimals is refused.
 * At a price: TAO = alpha × price and alpha = TAO ÷ price, each rounded down to whole rao (the rounding is
 * reported), price in rao of TAO per whole alpha (SubnetTAO/SubnetAlphaIn at spec 218, the swap's own price where
 * the runtime has SwapRuntimeApi). This is the spot value, not what a trade would fill at (slippage and fees).
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'

import {InputError} from '../../errors.js'
import {RAO_PER_TAO, formatTao, parseRao, parseTao} from '../../util/amount.js'

export interface ConvertOptions {
  /** an amount of TAO (decimal string) */
  tao?: string
  /** an amount of rao (whole number) */
  rao?: string
  /** an amount of a subnet's alpha (decimal string); needs `netuid` */
  alpha?: string
  /** convert between alpha and TAO at this subnet's current price */
  netuid?: number
}

export interface ConvertResult {
  from: 'tao' | 'rao' | 'alpha'
  /** the amount as given */
  input: string
  tao: string
  rao: string
  /** with a netuid: the same value in the subnet's alpha */
  alpha?: string
  alphaRao?: string
  netuid?: number
  /** rao of TAO per whole alpha, and as TAO */
  priceRao?: string
  price?: string
  priceSource?: string
  block?: number
  /** the alpha↔TAO result was rounded down to whole rao */
  roundedDown?: boolean
}

export async function convert(client: TaoClient, o: ConvertOptions, _ui: Ui): Promise<ConvertResult> {
  const given = (['tao', 'rao', 'alpha'] as const).filter((k) => o[k] !== undefined)
  if (given.length !== 1) throw new InputError('give exactly one of «tao», «rao» or «alpha»', {code: 'Usage', field: given[1] ?? 'tao'})
  const from = given[0]!
  const input = o[from]!
  if (from === 'alpha' && o.netuid === undefined) throw new InputError('«alpha» has a value in TAO only at a subnet\'s price: give «netuid»', {code: 'Usage', field: 'netuid'})
  // parse (and refuse) before any connection
  const rao = from === 'tao' ? parseTao(input, '«tao»') : from === 'rao' ? parseRao(input, '«rao»') : parseTao(input, '«alpha»')
  if (o.netuid === undefined) return {from, input, rao: rao.toString(), tao: formatTao(rao)}
  // the chain reads are loaded only here: TAO ↔ rao is offline and starts without them
  const [{pinBlock, readPrice, subnetExists}, {parseNetuid}] = await Promise.all([import('../../chain/reads.js'), import('../../subnet/read.js')])
  const netuid = parseNetuid(o.netuid)
  const p = await pinBlock(await client.chain())
  if (!(await subnetExists(p.at, netuid))) throw new InputError(`subnet ${netuid} does not exist on this chain`, {code: 'UnknownSubnet', field: 'netuid', suggest: {command: 'subnet list'}})
  const price = await readPrice(p, netuid)
  const base = {block: p.block, from, input, netuid, price: formatTao(price.priceRao), priceRao: price.priceRao.toString(), priceSource: price.source}
  if (from === 'alpha') {
    const exact = rao * price.priceRao
    const tao = exact / RAO_PER_TAO
    return {...base, alpha: formatTao(rao), alphaRao: rao.toString(), rao: tao.toString(), roundedDown: exact % RAO_PER_TAO !== 0n, tao: formatTao(tao)}
  }
  if (price.priceRao === 0n) throw new InputError(`subnet ${netuid} has no price yet (its pool holds no TAO): TAO cannot be converted to its alpha`, {code: 'NoPrice', field: 'netuid'})
  const exact = rao * RAO_PER_TAO
  const alpha = exact / price.priceRao
  return {...base, alpha: formatTao(alpha), alphaRao: alpha.toString(), rao: rao.toString(), roundedDown: exact % price.priceRao !== 0n, tao: formatTao(rao)}
}
