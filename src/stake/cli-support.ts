/**
 * What the stake commands share, without importing oclif or any renderer: the command hands in a port
 * (its progress/warning/prompt methods and table renderers) and gets the hooks the operations call.
 */
import type {KeyringPair} from '@polkadot/keyring/types'

import type {OpHooks} from './common.js'
import {beforeAfter, describeOperation, type Pairs, type TableData} from './present.js'
import type {StakePlan} from './types.js'

export interface CommandPort {
  progress(message: string): void
  warning(message: string): void
  canPrompt(): boolean
  confirmOrAbort(message: string): Promise<void>
  /** write text for the operator on stderr (the plan before the prompt) */
  stderr(text: string): void
  renderPairs(pairs: Pairs): string
  renderTable(t: TableData): string
  signer(): Promise<KeyringPair>
}

export interface TxFlagValues {
  'dry-run'?: boolean
  'wait-for'?: string
}

function question(plan: StakePlan, delegate: boolean): string {
  const hk = `${plan.hotkey.slice(0, 8)}…`
  switch (plan.operation) {
    case 'add':
      return `${delegate ? 'delegate' : 'stake'} ${plan.amountTao} TAO to ${hk} on subnet ${plan.netuid} (≈ ${plan.expected.alpha} alpha)?`
    case 'remove':
      return `${delegate ? 'undelegate' : 'unstake'} ${plan.amountAlpha} ALPHA from ${hk} on subnet ${plan.netuid} (≈ ${plan.expected.tao} TAO)?`
    default:
      return `${plan.operation} ${plan.amountAlpha} ALPHA from ${hk} on subnet ${plan.netuid} to ${plan.destination?.netuid === plan.netuid ? '' : `subnet ${plan.destination?.netuid} `}${plan.operation === 'transfer' ? `coldkey ${plan.destination?.coldkey.slice(0, 8)}…` : `${plan.destination?.hotkey.slice(0, 8)}…`}?`
  }
}

/** Hooks for a staking operation: warnings and the plan on stderr, a confirm unless --yes, the coldkey signer. */
export function stakeHooks(port: CommandPort, tx: TxFlagValues, opts: {delegate?: boolean} = {}): OpHooks {
  return {
    async confirm(plan) {
      await port.confirmOrAbort(question(plan, Boolean(opts.delegate)))
    },
    dryRun: tx['dry-run'],
    onPlan(plan) {
      for (const w of plan.warnings) port.warning(w)
      if (port.canPrompt()) {
        const t = beforeAfter(plan)
        port.stderr(`${port.renderPairs(describeOperation(plan, opts))}\n${port.renderTable(t)}\n`)
      }
    },
    onProgress: (m) => port.progress(m),
    signer: () => port.signer(),
    waitFor: tx['wait-for'] === 'finalized' ? 'finalized' : 'inBlock',
  }
}

/** The human result: what happened, then before | after. */
export function renderResult(port: Pick<CommandPort, 'renderPairs' | 'renderTable'>, r: Parameters<typeof describeOperation>[0], opts: {delegate?: boolean} = {}): string {
  return `${port.renderPairs(describeOperation(r, opts))}\n${port.renderTable(beforeAfter(r))}`
}

/** The command methods a port uses (BaseCommand's progress/warning/prompt helpers). */
export interface PortSource {
  canPrompt(): boolean
  confirmOrAbort(message: string): Promise<void>
  progress(message: string): void
  warning(message: string): void
}

export interface Renderers {
  pairs: (pairs: [string, string][]) => string
  table: (head: string[], rows: string[][], opts: {right?: number[]}) => string
}

/** Build a port from a command (its protected helpers) and src/output's renderers. */
export function commandPort(cmd: PortSource, render: Renderers, signer: () => Promise<KeyringPair>): CommandPort {
  return {
    canPrompt: () => cmd.canPrompt(),
    confirmOrAbort: (m) => cmd.confirmOrAbort(m),
    progress: (m) => cmd.progress(m),
    renderPairs: render.pairs,
    renderTable: (t) => render.table(t.head, t.rows, {right: t.right}),
    signer,
    stderr: (t) => void process.stderr.write(t),
    warning: (m) => cmd.warning(m),
  }
}

/**
 * Fail fast, before connecting, when a confirmation will be needed but cannot be asked (no terminal, --json)
 * and --yes was not given: the same answer the prompt would give later, without any chain traffic.
 */
export async function requireConfirmable(port: Pick<CommandPort, 'canPrompt' | 'confirmOrAbort'>, o: {yes?: boolean; dryRun?: boolean}, what: string): Promise<void> {
  if (o.yes || o.dryRun || port.canPrompt()) return
  await port.confirmOrAbort(what) // throws PromptNotAllowed (exit 2)
}
