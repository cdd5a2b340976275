/**
 * What every weights pass works on: one wallet's hotkey on one subnet, its state folder under tao's data folder,
 * the chain connection and the Ui. The hotkey is loaded before connecting, so a missing key fails fast (exit 3).
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {TaoClient} from '../client.js'
import type {Ui} from '../ui.js'
import type {WalletRef} from '../wallet/wallet.js'
import type {WeightsContext} from './submit-weights.js'

import {hotkeySigner} from '../wallet/signer.js'
import {weightsFolder} from './store.js'

/** The options every weights pass that signs takes. */
export interface WeightsTargetOptions {
  /** the wallet whose hotkey sets the weights */
  wallet: WalletRef
  netuid: number
  /** build and sign, let the node validate, submit nothing */
  dryRun?: boolean
  /** wait until the extrinsic is in a block (default), or finalized */
  waitFor?: 'inBlock' | 'finalized'
}

export interface WeightsTarget {
  signer: KeyringPair
  /** the state folder: pending.json, ema.json, run.lock */
  dir: string
}

/** The signing hotkey and the state folder of a pass (no chain access). */
export async function weightsTarget(client: TaoClient, opts: Pick<WeightsTargetOptions, 'netuid' | 'wallet'>): Promise<WeightsTarget> {
  const signer = await hotkeySigner(opts.wallet, client.passwords)
  return {dir: weightsFolder(client.dataDir, opts.wallet, opts.netuid), signer}
}

/** Connect and build the context of a pass. */
export async function weightsContext(client: TaoClient, opts: WeightsTargetOptions, target: WeightsTarget, ui: Ui): Promise<WeightsContext> {
  return {
    chain: await client.chain(),
    dir: target.dir,
    dryRun: opts.dryRun,
    netuid: opts.netuid,
    signer: target.signer,
    ui,
    waitFor: opts.waitFor === 'finalized' ? 'finalized' : 'inBlock',
  }
}
