/**
 * Flags and helpers shared by the `tao weights *` and `tao validator run` commands (CLI layer only).
 */
import {Flags} from '@oclif/core'

import type {Chain} from '../chain/client.js'
import type {PasswordSource, WalletRef} from '../wallet/wallet.js'
import type {RawEntry} from '../weights/input.js'
import type {ScoreInput} from '../weights/run.js'
import type {WeightsContext} from '../weights/submit-weights.js'

import {InputError} from '../errors.js'

export const netuidFlag = Flags.integer({char: 'u', description: 'subnet netuid', env: 'TAO_NETUID', max: 65535, min: 0, required: true})

export const scoreFlags = {
  alpha: Flags.string({default: '0.1', description: 'EMA smoothing factor in (0, 1] (with --ema)', helpGroup: 'SCORES'}),
  ema: Flags.boolean({description: 'keep an exponential moving average of scores across runs and set weights from it (with --scores/--weights: fold them in first)', helpGroup: 'SCORES'}),
  scores: Flags.string({description: 'JSON file {"<uid or hotkey>": score, ...}', helpGroup: 'SCORES'}),
  'version-key': Flags.string({description: "weights version key [default: the subnet's WeightsVersionKey]", helpGroup: 'SCORES'}),
  weights: Flags.string({description: 'uid=weight pairs, e.g. 0=0.5,1=0.3,2=0.2 (floats; scaled to u16 as the SDK does)', helpGroup: 'SCORES'}),
}

export interface ScoreFlagValues {
  alpha?: string
  ema?: boolean
  scores?: string
  'version-key'?: string
  weights?: string
}

/** Parse and validate score flags (exit 2 on anything wrong) before any chain access. */
export async function scoreInput(flags: ScoreFlagValues, required: boolean): Promise<ScoreInput> {
  const {parseScoresJson, parseWeightsFlag} = await import('../weights/input.js')
  if (flags.weights !== undefined && flags.scores !== undefined) throw new InputError('give --weights or --scores, not both', {code: 'BadFlags'})
  let entries: RawEntry[] | undefined
  if (flags.weights !== undefined) entries = parseWeightsFlag(flags.weights)
  if (flags.scores !== undefined) {
    const {readFile} = await import('node:fs/promises')
    let text: string
    try {
      text = await readFile(flags.scores, 'utf8')
    } catch (error) {
      throw new InputError(`cannot read --scores ${flags.scores}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {code: 'BadScoresFile'})
    }
    entries = parseScoresJson(text, flags.scores)
  }
  if (required && !entries && !flags.ema) throw new InputError('give --weights, --scores or --ema', {code: 'BadFlags'})
  let ema: ScoreInput['ema']
  if (flags.ema) {
    const alpha = Number(flags.alpha ?? '0.1')
    if (!(alpha > 0 && alpha <= 1)) throw new InputError(`--alpha must be in (0, 1]: ${flags.alpha}`, {code: 'BadFlags'})
    ema = {alpha}
  }
  let versionKey: bigint | undefined
  if (flags['version-key'] !== undefined) {
    if (!/^\d+$/.test(flags['version-key'].trim())) throw new InputError(`--version-key must be a non-negative integer: ${flags['version-key']}`, {code: 'BadFlags'})
    versionKey = BigInt(flags['version-key'].trim())
    if (versionKey >= 1n << 64n) throw new InputError('--version-key does not fit in u64', {code: 'BadFlags'})
  }
  return {ema, entries, versionKey}
}

/** The state folder for (wallet, hotkey, netuid). */
export async function targetFolder(ref: WalletRef, netuid: number): Promise<string> {
  const [{dataDir}, {targetDir}] = await Promise.all([import('../config/settings.js'), import('../scoring/store.js')])
  return targetDir(dataDir(), {hotkey: ref.hotkey, netuid, wallet: ref.name})
}

/** Load the signing hotkey (before connecting, so a missing key fails fast with exit 3). */
export async function loadSigner(ref: WalletRef, passwords?: PasswordSource): Promise<WeightsContext['signer']> {
  const {loadHotkey} = await import('../wallet/wallet.js')
  return loadHotkey(ref, passwords)
}

export async function weightsContext(opts: {
  chain: Chain
  ref: WalletRef
  signer: WeightsContext['signer']
  netuid: number
  dryRun?: boolean
  waitFor?: string
  progress: (m: string) => void
}): Promise<WeightsContext> {
  const signer = opts.signer
  return {
    chain: opts.chain,
    dir: await targetFolder(opts.ref, opts.netuid),
    dryRun: opts.dryRun,
    netuid: opts.netuid,
    progress: opts.progress,
    signer,
    waitFor: opts.waitFor === 'finalized' ? 'finalized' : 'inBlock',
  }
}

export const short = (h?: string) => (h ? `${h.slice(0, 10)}…` : '')

/** A pending commit without its salt (the salt stays on disk until the reveal). */
export function publicCommit<T extends {salt?: number[]}>(c: T | undefined): Omit<T, 'salt'> | undefined {
  if (!c) return undefined
  const {salt: _salt, ...rest} = c
  return rest
}

/** Hold the (wallet, hotkey, netuid) run lock while `fn` runs: set, reveal and run never overlap. */
export async function withRunLock<T>(dir: string, warn: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const [{acquireLock}, path] = await Promise.all([import('../weights/lock.js'), import('node:path')])
  const lock = await acquireLock(path.join(dir, 'run.lock'))
  if (lock.tookOverStale) warn(`took over a stale lock left by pid ${lock.tookOverStale.pid} (started ${lock.tookOverStale.startedAt})`)
  try {
    return await fn()
  } finally {
    await lock.release()
  }
}
