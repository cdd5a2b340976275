/**
 * `miner serve`: a minimal axon that checks requests as a Python axon does (signature, nonce, body hash,
 * blacklist) and answers with the operator's handler module. Runs until the returned handle is stopped; each
 * request is an `axon.request` event on the Ui (status, synapse, the request's uuid, times, a handler's error).
 * With `metrics` (HOST:PORT) the requests are also counted and served in the Prometheus text format at /metrics.
 * With «registeredOnly», the registered hotkeys are re-read every «refresh» seconds; a lost connection is replaced
 * with backoff (a `chain.reconnect` event) and the last list kept.
 */
import type {TaoClient} from '../../client.js'
import type {Ui} from '../../ui.js'
import type {WalletRef} from '../../wallet/wallet.js'

import {isConnectionLoss, reconnectWithBackoff} from '../../chain/reconnect.js'
import {InputError} from '../../errors.js'
import {registeredHotkeys} from '../../miner/chain.js'
import {AxonServer} from '../../protocol/axon.js'
import {loadHandlerModule, readSynapseFiles} from '../../protocol/handler.js'
import {hotkeyAddress} from '../../wallet/wallet.js'
import {axonStarted, countingUi} from '../../miner/axon-metrics.js'
import {MetricsRegistry} from '../../util/metrics.js'
import {type MetricsServer, checkLoopback, parseMetricsAddress, startMetricsServer} from '../../util/metrics-server.js'

export interface ServeOptions {
  /** the wallet whose hotkey the axon answers as (dendrites sign messages naming it) */
  wallet: WalletRef
  /** JS module: synapse definitions and the handler function */
  handler: string
  /** JSON synapse definition files, in addition to the module's own */
  synapseFiles?: string[]
  /** address to listen on [default: 127.0.0.1] */
  host?: string
  /** port; 0 picks a free one [default: 8091] */
  port?: number
  /** largest request body accepted, bytes (413 beyond) [default: 4 MiB] */
  maxBodyBytes?: number
  /** cap on the dendrite's (unsigned) timeout header, seconds: in the nonce window, and on the deadline for body + handler (408 after it) [default: 60] */
  maxTimeout?: number
  /** connections served at a time; more get 503 [default: 256] */
  maxConnections?: number
  /** refuse dendrites whose hotkey is not registered on `netuid` (403) */
  registeredOnly?: boolean
  netuid?: number
  /** seconds between re-reads of the registered hotkeys [default: 60] */
  refresh?: number
  /** serve Prometheus metrics at http://HOST:PORT/metrics (a port alone: 127.0.0.1) */
  metrics?: string
  /** allow a «metrics» host other than loopback */
  metricsPublic?: boolean
}

export interface ServeInfo {
  url: string
  host: string
  port: number
  hotkey: string
  synapses: string[]
  /** synapses whose handler is an async generator: answered as streams (text/event-stream) */
  streaming: string[]
  handler: string
  registeredOnly: boolean
  netuid: number | null
  pid: number
  /** the metrics URL, when `metrics` was given */
  metrics?: string
}

/** A running axon: what it listens on, and how to stop it. */
export interface AxonService extends ServeInfo {
  stop(): Promise<void>
}

export async function serve(client: TaoClient, options: ServeOptions, baseUi: Ui): Promise<AxonService> {
  const netuid = options.netuid
  const metricsAt = options.metrics === undefined ? undefined : checkLoopback(parseMetricsAddress(options.metrics), {publicOk: options.metricsPublic})
  const registry = metricsAt ? new MetricsRegistry() : undefined
  const ui = registry ? countingUi(baseUi, registry) : baseUi
  if (options.registeredOnly && netuid === undefined) throw new InputError('«registeredOnly» needs «netuid» N', {code: 'Usage', field: 'netuid'})
  const host = options.host ?? '127.0.0.1'
  const port = options.port ?? 8091
  const refresh = options.refresh ?? 60
  const loaded = await loadHandlerModule(options.handler, await readSynapseFiles(options.synapseFiles ?? []))
  const hotkey = await hotkeyAddress(options.wallet)

  let registered: Set<string> | undefined
  let timer: NodeJS.Timeout | undefined
  let stopRefresh = () => {}
  if (options.registeredOnly) {
    const chain = await client.chain()
    registered = await registeredHotkeys(chain, netuid!)
    ui.progress(`subnet ${netuid}: ${registered.size} registered hotkeys (re-read every ${refresh} s)`)
    let busy = false
    const stopping = new AbortController()
    stopRefresh = () => stopping.abort()
    timer = setInterval(() => {
      if (busy) return
      busy = true
      const reread = async () => {
        try {
          registered = await registeredHotkeys(chain, netuid!)
        } catch (error) {
          if (!isConnectionLoss(chain, error)) {
            ui.warn(`could not re-read registered hotkeys (keeping the last list): ${(error as Error).message}`)
            return
          }
          // a lost connection: reconnect with backoff (the same or the next endpoint), then read again
          if (await reconnectWithBackoff(chain, ui, {cause: error, signal: stopping.signal})) registered = await registeredHotkeys(chain, netuid!)
        }
      }
      reread()
        .catch((error) => ui.warn(`could not re-read registered hotkeys (keeping the last list): ${(error as Error).message}`))
        .finally(() => {
          busy = false
        })
    }, refresh * 1000)
    timer.unref()
  }

  const moduleBlacklist = loaded.blacklist
  const axon = new AxonServer({
    blacklist:
      registered || moduleBlacklist
        ? async (ctx) => {
            if (registered && (!ctx.hotkey || !registered.has(ctx.hotkey))) return `hotkey ${ctx.hotkey ?? '(none)'} is not registered on netuid ${netuid}`
            return moduleBlacklist ? moduleBlacklist(ctx) : false
          }
        : undefined,
    handler: loaded.handler,
    host,
    hotkey,
    maxBodyBytes: options.maxBodyBytes,
    maxConnections: options.maxConnections,
    maxTimeoutS: options.maxTimeout,
    port,
    synapses: loaded.synapses,
    ui,
  })
  let address: {host: string; port: number}
  try {
    address = await axon.start()
  } catch (error) {
    if (timer) clearInterval(timer)
    stopRefresh()
    const e = error as NodeJS.ErrnoException
    if (e.code === 'EADDRINUSE') throw new InputError(`port ${port} on ${host} is already in use; pick another with «port»`, {code: 'PortInUse', field: 'port'})
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES') throw new InputError(`cannot listen on ${host}:${port} (${e.code})`, {code: 'BadListen', field: 'host'})
    throw error
  }
  let metrics: MetricsServer | undefined
  if (registry && metricsAt) {
    try {
      metrics = await startMetricsServer(registry, metricsAt, {publicOk: options.metricsPublic})
    } catch (error) {
      if (timer) clearInterval(timer)
      await axon.stop()
      throw error
    }
    axonStarted(registry, {hotkey, synapses: loaded.synapses.map((d) => d.name)})
    ui.event('metrics.listening', {message: `metrics at ${metrics.url}`, url: metrics.url})
  }
  const hostText = address.host.includes(':') ? `[${address.host}]` : address.host
  return {
    ...(metrics ? {metrics: metrics.url} : {}),
    handler: loaded.file,
    host: address.host,
    hotkey,
    netuid: netuid ?? null,
    pid: process.pid,
    port: address.port,
    registeredOnly: Boolean(options.registeredOnly),
    async stop() {
      if (timer) clearInterval(timer)
      stopRefresh()
      await Promise.all([axon.stop(), metrics?.stop()])
    },
    streaming: loaded.streaming,
    synapses: loaded.synapses.map((d) => d.name),
    url: `http://${hostText}:${address.port}`,
  }
}
