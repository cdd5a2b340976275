/**
 * Flags and arguments shared by commands. One netuid: every command that takes one accepts it as the first
 * positional argument and as --netuid (`this.netuidOf(parsed)` reads either).
 */
import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import type {TaoErrorOptions} from '../errors.js'

import {InputError} from '../errors.js'

/** Flags of every command that uses a wallet (btcli spellings are hidden aliases). */
export const walletFlags = {
  wallet: Flags.string({
    aliases: ['name', 'wallet-name', 'wallet.name', 'wallet_name'],
    char: 'w',
    description: 'wallet (coldkey) name [default: config "wallet", else "default"]',
    env: 'TAO_WALLET',
    helpGroup: 'WALLET',
  }),
  hotkey: Flags.string({
    aliases: ['wallet-hotkey', 'wallet.hotkey', 'wallet_hotkey'],
    char: 'H',
    description: 'hotkey name; an SS58 address also works where the hotkey does not sign [default: config "hotkey", else "default"]',
    env: 'TAO_HOTKEY',
    helpGroup: 'WALLET',
  }),
  'wallet-path': Flags.string({
    aliases: ['wallet.path', 'wallet_path'],
    char: 'p',
    description: 'wallets folder [default: ~/.bittensor/wallets]',
    env: 'TAO_WALLET_PATH',
    helpGroup: 'WALLET',
  }),
}

/** The wallet flags without --hotkey (commands that sign with the coldkey and take no hotkey of their own). */
export const coldkeyFlags = {wallet: walletFlags.wallet, 'wallet-path': walletFlags['wallet-path']}

/** Flags of every command that submits an extrinsic. */
export const txFlags = {
  'dry-run': Flags.boolean({
    description: 'build and sign, ask the node to validate it and quote the fee, submit nothing',
    env: 'TAO_DRY_RUN',
    helpGroup: 'TRANSACTION',
  }),
  'wait-for': Flags.string({
    default: 'inBlock',
    description: 'wait until the extrinsic is in a block, or finalized',
    env: 'TAO_WAIT_FOR',
    helpGroup: 'TRANSACTION',
    options: ['inBlock', 'finalized'],
  }),
}

/**
 * --mev-shield / --no-mev-shield: a stake trade goes encrypted through MevShield.submit_encrypted. Default: on
 * where the runtime has the shield, in the clear (the plan says so) where it has none.
 */
export const mevFlags = {
  'mev-shield': Flags.boolean({
    allowNo: true,
    description: 'encrypt the trade to the chain\'s announced key and send it through MevShield.submit_encrypted [default: on where the runtime has the shield; --mev-shield refuses where it has none; --no-mev-shield sends in the clear]',
    helpGroup: 'TRANSACTION',
  }),
}

/** --proxy / --announce-only: act for another account with the wallet's coldkey as its proxy. */
export const proxyFlags = {
  'announce-only': Flags.boolean({
    dependsOn: ['proxy'],
    description: 'with --proxy: only announce the call (Proxy.announce); run it with `proxy execute` once the proxy\'s delay has passed',
    helpGroup: 'PROXY',
  }),
  multisig: Flags.string({
    description: 'act as this multisig (a `multisig create` name): the wallet\'s coldkey starts, approves or (at the threshold) executes the call',
    exclusive: ['proxy'],
    helpGroup: 'PROXY',
  }),
  proxy: Flags.string({
    description: 'act for this account (ss58, or a name in the proxy address book): the wallet\'s coldkey signs as its proxy (Proxy.proxy); the relation and its type are checked first',
    helpGroup: 'PROXY',
  }),
}

/** --netuid (also accepted as the first positional argument: `netuidArgs`). */
export function netuidFlag(opts: {description?: string} = {}) {
  return {
    netuid: Flags.integer({
      aliases: ['netuids'],
      char: 'u',
      description: opts.description ?? 'subnet netuid (or give it as the first argument)',
      env: 'TAO_NETUID',
      max: 65_535,
      min: 0,
    }),
  }
}

/** The positional netuid that goes with `netuidFlag()`. */
export function netuidArgs(opts: {description?: string; decimalHint?: (input: string) => Pick<TaoErrorOptions, 'hint' | 'suggest'>} = {}) {
  return {
    netuid: Args.integer({
      description: opts.description ?? 'subnet netuid (or --netuid)',
      max: 65_535,
      min: 0,
      // oclif's own integer check throws a plain Error (exit 1): a malformed netuid is bad input (exit 2)
      async parse(input) {
        if (!/^\d+$/.test(input.trim()) || Number(input) > 65_535) {
          // a decimal where the netuid goes: the command may say what was probably meant
          const hint = opts.decimalHint && /^\s*(\d+\.\d*|\.\d+)\s*$/.test(input) ? opts.decimalHint(input.trim()) : {}
          throw new InputError(`netuid must be a whole number 0-65535: ${JSON.stringify(input)}`, {code: 'BadNetuid', field: 'netuid', ...hint})
        }
        return Number(input)
      },
      required: false,
    }),
  }
}

/** Flags of long-running commands. */
export const serviceFlags = {
  'log-format': Flags.string({
    default: 'text',
    description: 'text, or json (one JSON object per line: time, level, event, fields)',
    env: 'TAO_LOG_FORMAT',
    helpGroup: 'GLOBAL',
    options: ['text', 'json'],
  }),
}

/** --metrics HOST:PORT for long-running commands (Prometheus text at /metrics; loopback unless --metrics-public). */
export const metricsFlags = {
  metrics: Flags.string({
    description: 'serve Prometheus metrics at http://HOST:PORT/metrics (a port alone: 127.0.0.1; see docs/monitoring.md)',
    env: 'TAO_METRICS',
    helpGroup: 'MONITORING',
  }),
  'metrics-public': Flags.boolean({
    dependsOn: ['metrics'],
    description: 'allow a --metrics host other than loopback (anyone who can reach it reads the figures)',
    helpGroup: 'MONITORING',
  }),
}
