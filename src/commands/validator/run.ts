import {Flags} from '@oclif/core'

import {BaseCommand, txFlags, walletFlags} from '../../base-command.js'
import {loadSigner, netuidFlag, targetFolder, weightsContext, withRunLock} from '../../cli/weights.js'
import {stringifyJson} from '../../output/json.js'

import type {QueryPlan} from '../../miner/query.js'
import type {IterationResult} from '../../weights/validator.js'

interface ValidatorSummary {
  netuid: number
  iterations: number
  lastBlock?: number
  errors: number
}

export default class ValidatorRun extends BaseCommand<ValidatorSummary> {
  static description = `a validator loop: every tempo (or --interval blocks) it queries the subnet's miners, gives their answers to your scoring module, folds the scores into the per-uid EMA, reveals due commits and sets (or commits) weights when the rate limit allows.
with --synapse (or --synapse-file) each iteration queries every announced axon as \`tao miner query --all\` does (same synapse, body and hash-field flags), signed with the validator's hotkey, and passes the results as \`responses\`: one per neuron, in uid order, {uid, hotkey, status, ok, latencyMs, processTime, response, message, failure}. status is the dendrite's: 200 ok, 408 timeout, 503 unreachable, null for a neuron with no axon. a miner that times out or fails never stops the loop: your module decides its score.
without a synapse flag, querying is the module's job: it gets each neuron's uid, hotkey and axon.
the scoring module is a .js/.mjs (or .ts, with the typescript package) file exporting one function: \`export default async ({netuid, block, neurons, responses}) => ({"<uid or hotkey>": score})\`.
one line per iteration on stdout (JSON with --json), then a summary. holds the same lock as \`tao weights run\`. chain errors in an iteration are reported and the loop goes on.`
  static examples = [
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --synapse Dummy --body \'{"dummy_input": 21}\' --hash-fields dummy_input',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --synapse-file echo.json --body-file prompt.json --query-timeout 5 --concurrency 64',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --alpha 0.05 --json',
    '<%= config.bin %> validator run --netuid 3 --scorer ./score.mjs --iterations 1',
  ]
  static flags = {
    ...walletFlags,
    ...txFlags,
    alpha: Flags.string({default: '0.1', description: 'EMA smoothing factor in (0, 1]'}),
    body: Flags.string({description: "the synapse's fields as a JSON object", exclusive: ['body-file'], helpGroup: 'QUERY'}),
    'body-file': Flags.string({description: 'read the JSON body from a file', exclusive: ['body'], helpGroup: 'QUERY'}),
    concurrency: Flags.integer({default: 256, description: 'requests in flight at once', helpGroup: 'QUERY', max: 4096, min: 1}),
    'hash-fields': Flags.string({description: "the synapse's required_hash_fields, in order (a,b,c)", helpGroup: 'QUERY'}),
    'max-response-bytes': Flags.integer({default: 4 * 1024 * 1024, description: 'largest reply accepted per axon', helpGroup: 'QUERY', min: 1024}),
    'query-timeout': Flags.string({description: 'seconds each axon gets to answer [default: 12]', helpGroup: 'QUERY'}),
    synapse: Flags.string({description: 'query the miners with this synapse (the route), e.g. Dummy', helpGroup: 'QUERY'}),
    'synapse-file': Flags.string({description: 'JSON synapse definition: name, field types and defaults, required_hash_fields', helpGroup: 'QUERY'}),
    interval: Flags.integer({description: 'blocks between iterations [default: the subnet tempo + 1]', min: 1}),
    iterations: Flags.integer({description: 'stop after this many iterations [default: run until interrupted]', min: 1}),
    netuid: netuidFlag,
    scorer: Flags.string({description: 'JS/TS module exporting the scoring function', required: true}),
  }
  static summary = 'score miners every tempo and set weights (loop)'

  async run(): Promise<ValidatorSummary> {
    const {flags} = await this.parseCommand(ValidatorRun)
    this.globals.yes = true
    const alpha = Number(flags.alpha)
    const {InputError} = await import('../../errors.js')
    if (!(alpha > 0 && alpha <= 1)) throw new InputError(`--alpha must be in (0, 1]: ${flags.alpha}`, {code: 'BadFlags'})
    const plan = await this.queryPlan(flags)
    const {loadScorer, validatorIteration} = await import('../../weights/validator.js')
    const scorer = await loadScorer(flags.scorer)
    const ref = await this.walletRef(flags)
    const signer = await loadSigner(ref, await this.passwordSource())
    const query = plan ? {plan, signer: await (await import('../../protocol/sr25519.js')).messageSigner(signer)} : undefined
    const dir = await targetFolder(ref, flags.netuid)
    const summary: ValidatorSummary = {errors: 0, iterations: 0, netuid: flags.netuid}
    await withRunLock(dir, (m) => this.warning(m), async () => {
      const chain = await this.chain()
      const ctx = await weightsContext({chain, dryRun: flags['dry-run'], netuid: flags.netuid, progress: (m) => this.progress(m), ref, signer, waitFor: flags['wait-for']})
      for (let i = 1; flags.iterations === undefined || i <= flags.iterations; i++) {
        const r = await validatorIteration(ctx, scorer, alpha, i, query)
        summary.iterations = i
        summary.lastBlock = r.block
        if (r.error) summary.errors++
        this.report(r)
        if (flags.iterations !== undefined && i >= flags.iterations) break
        const tempo = Number((await chain.api.query.subtensorModule.tempo(flags.netuid)).toString())
        await this.waitBlocks(chain, r.block + (flags.interval ?? tempo + 1))
      }
    })
    return summary
  }

  private report(r: IterationResult): void {
    if (this.jsonEnabled()) {
      process.stdout.write(stringifyJson(r, false) + '\n')
      return
    }
    const acts = r.run?.actions.map((a) => (a.txHash ? `${a.action} (block ${a.block})` : `${a.action}: ${a.detail}`)).join('; ')
    const queried = r.query ? `${r.query.succeeded}/${r.query.queried} miners answered 200 in ${r.query.wallMs} ms; ` : ''
    const dropped = r.dropped.length ? `; dropped ${r.dropped.length} unusable score(s)` : ''
    this.out(`#${r.iteration} block ${r.block}: ${queried}scored ${r.scored}${dropped}; ${r.error ? `error (${r.error.code}): ${r.error.message}` : acts}`)
  }

  /** The synapse query to run each iteration (validated before anything is loaded), or undefined without --synapse/--synapse-file. */
  private async queryPlan(flags: {
    body?: string
    'body-file'?: string
    concurrency: number
    'hash-fields'?: string
    'max-response-bytes': number
    netuid: number
    'query-timeout'?: string
    synapse?: string
    'synapse-file'?: string
  }): Promise<QueryPlan | undefined> {
    const {InputError} = await import('../../errors.js')
    if (flags.synapse === undefined && flags['synapse-file'] === undefined) {
      const stray = (['body', 'body-file', 'hash-fields', 'query-timeout'] as const).filter((f) => flags[f] !== undefined)
      if (stray.length) throw new InputError(`${stray.map((f) => `--${f}`).join(', ')} ${stray.length === 1 ? 'goes' : 'go'} with --synapse NAME or --synapse-file FILE`, {code: 'Usage'})
      return undefined
    }
    const [{planQuery, readBodyText}, {readSynapseFiles}] = await Promise.all([import('../../miner/query.js'), import('../../protocol/handler.js')])
    let bodyText = flags.body
    let bodySource = '--body'
    if (flags['body-file'] !== undefined) {
      bodySource = `--body-file ${flags['body-file']}`
      bodyText = await readBodyText(flags['body-file'])
    }
    return planQuery({
      all: true,
      bodySource,
      bodyText,
      concurrency: flags.concurrency,
      definitions: flags['synapse-file'] ? await readSynapseFiles([flags['synapse-file']]) : undefined,
      hashFields: flags['hash-fields'],
      maxResponseBytes: flags['max-response-bytes'],
      netuid: flags.netuid,
      synapseName: flags.synapse,
      timeoutFlag: '--query-timeout',
      timeoutS: flags['query-timeout'],
    })
  }

  private async waitBlocks(chain: Awaited<ReturnType<BaseCommand['chain']>>, target: number): Promise<void> {
    this.progress(`waiting for block ${target}`)
    for (;;) {
      const head = (await chain.api.rpc.chain.getHeader()).number.toNumber()
      if (head >= target) return
      await new Promise((r) => setTimeout(r, 3000))
    }
  }
}
