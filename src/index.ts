/**
 * tao as a library: everything validator code imports, by name (`import {createClient, subnet, weights} from
 * 'tao-cli'`). Each command of the CLI is one service function here, `service(client, options, ui)`, with the
 * same checks, plans, exit-code taxonomy and results as the command's `--json`. See docs/library.md.
 *
 * Nothing here imports oclif, inquirer or chalk; @polkadot/api is loaded when a service first needs the chain.
 */

// ---- the client, the Ui port, errors -----------------------------------------------------------------------
export {type ClientOptions, type TaoClient, createClient} from './client.js'
export {type CallbackUiOptions, type Ui, callbackUi, plainText, silentUi, suggestionPlain} from './ui.js'
export {
  CancelledError,
  ChainError,
  ExitCode,
  InputError,
  LockedError,
  MissedRevealError,
  NetworkError,
  type Suggestion,
  TaoError,
  WalletError,
  isTaoError,
} from './errors.js'

// ---- keys (btcli-compatible wallet files) ------------------------------------------------------------------
export {type PasswordSource, type WalletRef, coldkeyAddress, hotkeyAddress, loadColdkey, loadHotkey, resolveWalletRef} from './wallet/wallet.js'
export {createPasswordSource, staticPasswordSource} from './wallet/passwords.js'

// ---- money: bigint rao, exact decimal strings --------------------------------------------------------------
export {RAO_PER_TAO, formatTao, parseRao, parseTao} from './util/amount.js'

// ---- scoring: pure maths (the SDK's weight rules, EMA) ----------------------------------------------------
export {type ProcessedWeights, U16_MAX, convertWeightsAndUidsForEmit, processWeights} from './scoring/sdk.js'
export {type EmaState, type Observation, emaScores, emptyEma, updateEma} from './scoring/ema.js'

// ---- the dendrite/axon wire protocol (what Python axons accept) ------------------------------------------
export {
  type AxonEndpoint,
  type CallResult,
  Dendrite,
  type DendriteOptions,
  StreamCall,
  type StreamCallOptions,
  type StreamChunk,
  type StreamResult,
  type StreamStats,
} from './protocol/dendrite.js'
export {type AxonHandler, type AxonRequestContext, AxonServer, type AxonServerOptions, type StreamPiece} from './protocol/axon.js'
export {type SynapseDef, adhocSynapse, synapseFromDefinition} from './protocol/synapse.js'
export {type MessageSigner, messageSigner} from './protocol/sr25519.js'

// ---- one service per command -------------------------------------------------------------------------------
import {info} from './services/chain/info.js'
import {get as configGet} from './services/config/get.js'
import {list as configList} from './services/config/list.js'
import {set as configSet} from './services/config/set.js'
import {unset as configUnset} from './services/config/unset.js'
import {list as delegateList} from './services/delegate/list.js'
import {take} from './services/delegate/take.js'
import type {Localnet, StartOptions as LocalnetStartOptions} from './localnet/types.js'
import type {TaoClient} from './client.js'
import type {Ui} from './ui.js'
import {loadLocalnetPlugin} from './localnet/load.js'
import {announce} from './services/miner/announce.js'
import {query} from './services/miner/query.js'
import {serve} from './services/miner/serve.js'
import {cancel as multisigCancel} from './services/multisig/cancel.js'
import {create as multisigCreate} from './services/multisig/create.js'
import {pending as multisigPending} from './services/multisig/pending.js'
import {show as policyShow} from './services/policy/show.js'
import {add as proxyAdd} from './services/proxy/add.js'
import {announce as proxyAnnounce} from './services/proxy/announce.js'
import {createPure} from './services/proxy/create-pure.js'
import {execute as proxyExecute} from './services/proxy/execute.js'
import {killPure} from './services/proxy/kill-pure.js'
import {list as proxyList} from './services/proxy/list.js'
import {remove as proxyRemove} from './services/proxy/remove.js'
import {add} from './services/stake/add.js'
import {delegate} from './services/stake/delegate.js'
import {list as stakeList} from './services/stake/list.js'
import {move} from './services/stake/move.js'
import {remove} from './services/stake/remove.js'
import {swap} from './services/stake/swap.js'
import {transfer as stakeTransfer} from './services/stake/transfer.js'
import {undelegate} from './services/stake/undelegate.js'
import {get as childGet} from './services/stake/child/get.js'
import {revoke as childRevoke} from './services/stake/child/revoke.js'
import {set as childSet} from './services/stake/child/set.js'
import {take as childTake} from './services/stake/child/take.js'
import {burnCost} from './services/subnet/burn-cost.js'
import {checkStart} from './services/subnet/check-start.js'
import {get as subnetIdentityGet} from './services/subnet/identity/get.js'
import {set as subnetIdentitySet} from './services/subnet/identity/set.js'
import {set as subnetSet} from './services/subnet/set.js'
import {start as subnetStart} from './services/subnet/start.js'
import {create as subnetCreate} from './services/subnet/create.js'
import {hyperparameters} from './services/subnet/hyperparameters.js'
import {list as subnetList} from './services/subnet/list.js'
import {lockCost} from './services/subnet/lock-cost.js'
import {metagraph} from './services/subnet/metagraph.js'
import {register} from './services/subnet/register.js'
import {show as subnetShow} from './services/subnet/show.js'
import {list as txList} from './services/tx/list.js'
import {status as txStatus} from './services/tx/status.js'
import {run as validatorRun} from './services/validator/run.js'
import {balance} from './services/wallet/balance.js'
import {create as walletCreate} from './services/wallet/create.js'
import {list as walletList} from './services/wallet/list.js'
import {newColdkey} from './services/wallet/new-coldkey.js'
import {newHotkey} from './services/wallet/new-hotkey.js'
import {overview} from './services/wallet/overview.js'
import {reencrypt} from './services/wallet/reencrypt.js'
import {regenColdkey} from './services/wallet/regen-coldkey.js'
import {regenColdkeypub} from './services/wallet/regen-coldkeypub.js'
import {regenHotkey} from './services/wallet/regen-hotkey.js'
import {associateHotkey} from './services/wallet/associate-hotkey.js'
import {get as identityGet} from './services/wallet/identity/get.js'
import {set as identitySet} from './services/wallet/identity/set.js'
import {swapHotkey} from './services/wallet/swap-hotkey.js'
import {auto as stakeAuto} from './services/stake/auto.js'
import {claim as stakeClaim} from './services/stake/claim.js'
import {claimType as stakeClaimType} from './services/stake/claim-type.js'
import {explain as explainError} from './services/explain/explain.js'
import {convert as utilsConvert} from './services/utils/convert.js'
import {latency as utilsLatency} from './services/utils/latency.js'
import {regenHotkeypub} from './services/wallet/regen-hotkeypub.js'
import {sign} from './services/wallet/sign.js'
import {transfer as walletTransfer} from './services/wallet/transfer.js'
import {verify} from './services/wallet/verify.js'
import {reveal} from './services/weights/reveal.js'
import {run as weightsRun} from './services/weights/run.js'
import {set as weightsSet} from './services/weights/set.js'
import {show as weightsShow} from './services/weights/show.js'
import {status as weightsStatus} from './services/weights/status.js'

/** `tao chain …` */
export const chain = {info}
/** `tao config …` (tao's own config file) */
export const config = {get: configGet, list: configList, set: configSet, unset: configUnset}
/** `tao wallet …` */
export const wallet = {
  associateHotkey,
  balance,
  create: walletCreate,
  list: walletList,
  newColdkey,
  newHotkey,
  overview,
  reencrypt,
  regenColdkey,
  regenColdkeypub,
  regenHotkey,
  regenHotkeypub,
  identity: {get: identityGet, set: identitySet},
  sign,
  swapHotkey,
  transfer: walletTransfer,
  verify,
}
/** `tao subnet …` */
export const subnet = {
  burnCost,
  checkStart,
  create: subnetCreate,
  hyperparameters,
  /** `tao subnet identity get|set` */
  identity: {get: subnetIdentityGet, set: subnetIdentitySet},
  list: subnetList,
  lockCost,
  metagraph,
  register,
  set: subnetSet,
  show: subnetShow,
  start: subnetStart,
}
/** `tao stake …` */
export const stake = {
  add,
  auto: stakeAuto,
  /** `tao stake child get|set|revoke|take` */
  child: {get: childGet, revoke: childRevoke, set: childSet, take: childTake},
  claim: stakeClaim,
  claimType: stakeClaimType,
  delegate,
  list: stakeList,
  move,
  remove,
  swap,
  transfer: stakeTransfer,
  undelegate,
}
/** `tao utils …`: exact conversions, endpoint latency */
export const utils = {convert: utilsConvert, latency: utilsLatency}
/** `tao explain ERROR`: a chain error's meaning and what to do (offline; the client may be undefined) */
export const explain = explainError
/** `tao proxy …`: act for a coldkey through a proxy (add/remove/list, pure proxies, announce/execute) */
export const proxy = {add: proxyAdd, announce: proxyAnnounce, createPure, execute: proxyExecute, killPure, list: proxyList, remove: proxyRemove}
/** `tao multisig …`: named multisig accounts; `--multisig NAME` on mutations starts or approves */
export const multisig = {cancel: multisigCancel, create: multisigCreate, pending: multisigPending}
/** `tao policy …`: the local spending policy */
export const policy = {show: policyShow}
/** `tao delegate …` */
export const delegates = {list: delegateList, take}
/** `tao miner …`: query axons with the dendrite, serve an axon, announce it */
export const miner = {announce, query, serve}
/** `tao weights …`: set, commit, reveal; `run` is one unattended pass */
export const weights = {reveal, run: weightsRun, set: weightsSet, show: weightsShow, status: weightsStatus}
/** `tao validator run`: the loop; returns a handle ({stop(), done}) */
export const validator = {run: validatorRun}
/** `tao tx …`: what happened to a submission (the journal, resolving an unknown outcome) */
export const tx = {list: txList, status: txStatus}
/**
 * `tao localnet start`: a local chain; returns a handle with stop(). It lives in the tao-localnet plugin (with
 * chopsticks), loaded on first use: without it, an InputError (code `PluginMissing`) says how to add it.
 */
export const localnet = {
  async start(client: TaoClient, options: LocalnetStartOptions, ui: Ui): Promise<Localnet> {
    return (await loadLocalnetPlugin()).start(client, options, ui)
  },
}
export type {Localnet, StartOptions as LocalnetStartOptions} from './localnet/types.js'

export type {MetagraphOptions} from './services/subnet/metagraph.js'
export type {QueryOptions} from './services/miner/query.js'
export type {WeightsSetOptions} from './services/weights/set.js'
export type {ValidatorRunOptions} from './services/validator/run.js'
