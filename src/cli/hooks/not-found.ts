import type {Hook} from '@oclif/core/hooks'
import type * as Interfaces from '@oclif/core/interfaces'

type Config = Interfaces.Config

import {ExitCode} from '../../errors.js'
import {LOCALNET_MISSING, LOCALNET_PLUGIN} from '../../localnet/types.js'

/**
 * `tao frobnicate`, `tao wallet frobnicate`, `tao subnet list extra`: one `error: …` line (and an error document
 * under --json), exit 2, as for every other bad input. oclif joins leading words into a command id, so an extra
 * word after a command arrives here too: it is named as an unexpected argument.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  const {argv = [], config, id} = opts
  if (id === 'localnet' || id.startsWith('localnet:')) {
    // `tao localnet …` without the tao-localnet plugin: how to add it
    const message = `\`${config.bin} localnet\`: ${LOCALNET_MISSING}`
    if (argv.includes('--json')) process.stdout.write(JSON.stringify({error: {code: 'PluginMissing', data: {plugin: LOCALNET_PLUGIN}, exitCode: ExitCode.USAGE, message}, warnings: []}) + '\n')
    process.stderr.write(`error: ${message}\n`)
    process.exitCode = ExitCode.USAGE
    return
  }
  const words = id.split(':')
  const bin = config.bin
  let message: string
  let hint: string | undefined
  const prefix = longestCommand(config, words)
  if (prefix > 0) {
    const cmd = words.slice(0, prefix).join(' ')
    message = `unexpected argument ${JSON.stringify(words[prefix])} for \`${bin} ${cmd}\``
    hint = `see \`${bin} ${cmd} --help\``
  } else {
    const topicWords = longestTopic(config, words)
    const topic = words.slice(0, topicWords).join(':')
    const unknown = words.slice(0, topicWords + 1).join(' ')
    message = `unknown command \`${bin} ${unknown}\``
    const candidates = [...config.commandIDs, ...config.topics.map((t) => t.name)].filter((c) => (topic ? c.startsWith(`${topic}:`) : true))
    const guess = closest(words.slice(0, topicWords + 1).join(':'), candidates)
    hint = guess ? `did you mean \`${bin} ${guess.replaceAll(':', ' ')}\`? see \`${bin} ${topic ? topic.replaceAll(':', ' ') + ' ' : ''}--help\`` : `see \`${bin} ${topic ? topic.replaceAll(':', ' ') + ' ' : ''}--help\``
  }
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify({error: {code: 'Usage', exitCode: ExitCode.USAGE, hint, message}, warnings: []}) + '\n')
  }
  process.stderr.write(`error: ${message}${hint ? ` (${hint})` : ''}\n`)
  process.exitCode = ExitCode.USAGE
}

function longestCommand(config: Config, words: string[]): number {
  for (let n = words.length - 1; n > 0; n--) if (config.findCommand(words.slice(0, n).join(':'))) return n
  return 0
}

function longestTopic(config: Config, words: string[]): number {
  for (let n = words.length - 1; n > 0; n--) if (config.findTopic(words.slice(0, n).join(':'))) return n
  return 0
}

/** The command id nearest to `id` (edit distance at most a third of its length), if any. */
function closest(id: string, ids: string[]): string | undefined {
  let best: string | undefined
  let bestD = Math.max(2, Math.floor(id.length / 3)) + 1
  for (const c of ids) {
    const d = distance(id, c)
    if (d < bestD) [best, bestD] = [c, d]
  }
  return best
}

function distance(a: string, b: string): number {
  const row = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}

export default hook
