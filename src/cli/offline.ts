/**
 * The bodies of the commands the start-up fast path (src/cli/fast.ts) runs without loading oclif: the offline
 * commands (`wallet list`, `config get`, `config list`, `utils convert`) and the most frequent reads (`chain info`,
 * `subnet list|metagraph|show`, `wallet balance`). Their oclif commands run the same bodies: one body, the same output either way.
 * No oclif here.
 */
import type {ChainInfo} from '../chain/info.js'
import type {GetResult} from '../services/config/get.js'
import type {ListResult as SubnetListResult} from '../services/subnet/list.js'
import type {MetagraphResult} from '../services/subnet/metagraph.js'
import type {ShowResult} from '../services/subnet/show.js'
import type {SortKey} from '../subnet/read.js'
import type {BalanceResult} from '../services/wallet/balance.js'
import type {ListResult as ConfigListResult} from '../services/config/list.js'
import type {ConvertResult} from '../services/utils/convert.js'
import type {ListResult as WalletListResult} from '../services/wallet/list.js'
import type {CommandRuntime, ParsedInput} from './runtime.js'

export async function walletList(rt: CommandRuntime, {flags}: ParsedInput): Promise<WalletListResult> {
  const [{list}, {renderWalletList}] = await Promise.all([import('../services/wallet/list.js'), import('./render/wallet.js')])
  const ref = await rt.walletRef({'wallet-path': flags['wallet-path'] as string | undefined})
  const result = await list(await rt.client(), {wallet: flags.wallet as string | undefined, walletPath: ref.path}, rt.ui())
  rt.out(renderWalletList(result))
  return result
}

export async function configGet(rt: CommandRuntime, {args}: ParsedInput): Promise<GetResult> {
  const [{get}, {renderConfigGet}] = await Promise.all([import('../services/config/get.js'), import('./render/config.js')])
  const result = await get(await rt.client(), {key: args.key as string}, rt.ui())
  rt.out(renderConfigGet(result))
  return result
}

export async function configList(rt: CommandRuntime): Promise<ConfigListResult> {
  const [{list}, {renderConfigList}] = await Promise.all([import('../services/config/list.js'), import('./render/config.js')])
  const result = await list(await rt.client(), {}, rt.ui())
  rt.out(renderConfigList(result))
  return result
}

export async function utilsConvert(rt: CommandRuntime, parsed: ParsedInput): Promise<ConvertResult> {
  const {flags} = parsed
  const [{convert}, {renderConvert}] = await Promise.all([import('../services/utils/convert.js'), import('./render/utils.js')])
  const options = {alpha: flags.alpha as string | undefined, netuid: rt.netuidOf(parsed), rao: flags.rao as string | undefined, tao: flags.tao as string | undefined}
  const result = await convert(await rt.client(), options, rt.ui())
  rt.out(renderConvert(result))
  return result
}

export async function chainInfo(rt: CommandRuntime): Promise<ChainInfo> {
  const [{info}, {renderChainInfo}] = await Promise.all([import('../services/chain/info.js'), import('./render/chain.js')])
  const result = await info(await rt.client(), {}, rt.ui())
  rt.out(renderChainInfo(result))
  return result
}

export async function subnetList(rt: CommandRuntime): Promise<SubnetListResult> {
  const [{list}, {renderSubnetList}] = await Promise.all([import('../services/subnet/list.js'), import('./render/subnet.js')])
  const result = await list(await rt.client(), {}, rt.ui())
  rt.out(renderSubnetList(result))
  return result
}

export async function walletBalance(rt: CommandRuntime, {flags}: ParsedInput): Promise<BalanceResult> {
  const [{balance}, {renderBalances}] = await Promise.all([import('../services/wallet/balance.js'), import('./render/wallet.js')])
  const f = flags as {all?: boolean; ss58?: string[]; wallet?: string; 'wallet-path'?: string}
  const options = {all: f.all, ss58: f.ss58, wallet: await rt.walletRef(f)}
  const result = await balance(await rt.client(), options, rt.ui())
  rt.out(renderBalances(result))
  return result
}

export async function subnetMetagraph(rt: CommandRuntime, parsed: ParsedInput): Promise<MetagraphResult> {
  const {reverse, sort, validators} = parsed.flags as {reverse?: boolean; sort: string; validators?: boolean}
  const [{metagraph}, {renderMetagraph}] = await Promise.all([import('../services/subnet/metagraph.js'), import('./render/subnet.js')])
  const result = await metagraph(await rt.client(), {netuid: rt.netuidOf(parsed, true)!, reverse, sort: sort as SortKey, validators}, rt.ui())
  rt.out(renderMetagraph(result))
  return result
}

export async function subnetShow(rt: CommandRuntime, parsed: ParsedInput): Promise<ShowResult> {
  const {reverse, sort, validators} = parsed.flags as {reverse?: boolean; sort: string; validators?: boolean}
  const [{show}, {renderSubnetShow}] = await Promise.all([import('../services/subnet/show.js'), import('./render/subnet.js')])
  const result = await show(await rt.client(), {netuid: rt.netuidOf(parsed, true)!, reverse, sort: sort as SortKey, validators}, rt.ui())
  rt.out(renderSubnetShow(result))
  return result
}
