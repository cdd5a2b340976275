import type {ValidatorSummary} from '../../services/validator/run.js'
import type {IterationResult} from '../../weights/validator.js'

import * as Flags from '@oclif/core/flags'

import {BaseCommand, metricsFlags, netuidArgs, netuidFlag, serviceFlags, txFlags, walletFlags} from '../../cli/base-command.js'
import {SYNAPSE_FIELD_FLAGS, synapseFlags, synapseOptions} from '../../cli/query-flags.js'
import {txOptions} from '../../cli/weights-flags.js'

export default class ValidatorRun extends BaseCommand<ValidatorSummary> {
  static args = {...netuidArgs()}
  static description = `a validator loop: every tempo (or --interval blocks) it queries the subnet's miners, gives their answers to your scoring module, folds the scores into the per-uid EMA, reveals due commits and sets (or commits) weights when the rate limit allows.
with --synapse (or --synapse-file) each iteration queries every announced axon as \`tao miner query --all\` does (same synapse, body and hash-field flags), signed with the validator's hotkey, and passes the results as \`responses\`: one per neuron, in uid order, {uid, hotkey, status, ok, latencyMs, processTime, response, message, failure}. status is the dendrite's: 200 ok, 408 timeout, 503 unreachable, null for a neuron with no axon. a miner that times out or fails never stops the loop: your module decides its score.
with --stream the answers are read as streams (a Python StreamingSynapse: text/event-stream) and each response also has \`text\` (the assembled chunks) and \`stream\` {firstChunkMs, chunks, bytes, bytesPerS, streamBytesPerS, complete, totalMs}, to score time to first chunk and throughput; the round's log line and --metrics carry the same figures.
without a synapse flag, querying is the module's job: it gets each neuron's uid, hotkey and axon.
the scoring module is a .js/.mjs (or .ts, with the typescript package) file exporting one function: \`export default async ({netuid, block, neurons, responses}) => ({"<uid or hotkey>": score})\`.
one line per iteration on stdout (JSON with --json), then a summary; events (rounds, weights set/committed/revealed, errors) on stderr, one JSON object per line with --log-format json. --metrics HOST:PORT serves Prometheus figures while it runs (docs/monitoring.md). holds the same lock as \`tao weights run\`. chain errors in an iteration are reported and the loop goes on. the first SIGINT/SIGTERM ends the loop after the current iteration.`
  static examples = [
    '<%= config.bin %> validator run 3 --scorer ./score.mjs --synapse Dummy --body \'{"dummy_input": 21}\' --hash-fields dummy_input',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --synapse-file echo.json --body-file prompt.json --query-timeout 5 --concurrency 64',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --alpha 0.05 --json',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --iterations 1',
  ]
  static fieldFlags = SYNAPSE_FIELD_FLAGS
  static longRunning = true
  static flags = {
    ...walletFlags,
    ...txFlags,
    ...netuidFlag(),
    ...serviceFlags,
    ...metricsFlags,
    alpha: Flags.string({default: '0.1', description: 'EMA smoothing factor in (0, 1]'}),
    ...synapseFlags({
      helpGroup: 'QUERY',
      stream: 'read the answers as streams (a StreamingSynapse): responses get text and stream figures',
      streamField: 'with --stream: the field that receives the assembled text in each response',
    }),
    'query-timeout': Flags.string({description: 'seconds each axon gets to answer [default: 12]', helpGroup: 'QUERY'}),
    interval: Flags.integer({description: 'blocks between iterations [default: the subnet tempo + 1]', min: 1}),
    iterations: Flags.integer({description: 'stop after this many iterations [default: run until interrupted]', min: 1}),
    scorer: Flags.string({description: 'JS/TS module exporting the scoring function', required: true}),
  }
  static summary = 'score miners every tempo and set weights (loop)'

  async run(): Promise<ValidatorSummary> {
    const parsed = await this.parseCommand(ValidatorRun)
    const {flags: f} = parsed
    this.globals.yes = true
    const [{run}, {renderIteration}] = await Promise.all([import('../../services/validator/run.js'), import('../../cli/render/validator.js')])
    const ui = this.ui({logFormat: f['log-format']})
    // each iteration is one line of the command's output on stdout (and a log line under --log-format json)
    const event: typeof ui.event = (name, fields, level) => {
      if (name !== 'validator.iteration') return ui.event(name, fields, level)
      process.stdout.write(renderIteration(fields as unknown as IterationResult, this.jsonEnabled()) + '\n')
      if (f['log-format'] === 'json') ui.event(name, fields, level)
    }
    const options = {
      ...txOptions(f),
      ...synapseOptions(f),
      alpha: f.alpha,
      interval: f.interval,
      iterations: f.iterations,
      metrics: f.metrics,
      metricsPublic: f['metrics-public'],
      netuid: this.netuidOf(parsed, true),
      queryTimeout: f['query-timeout'],
      scorer: f.scorer,
      stream: f.stream || undefined,
      wallet: await this.walletRef(f),
    }
    const handle = await run(await this.client(), options, {...ui, event})
    await this.untilStopped(handle)
    return handle.done
  }
}
