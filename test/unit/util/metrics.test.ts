import http from 'node:http'
import {describe, expect, it} from 'vitest'

import {isTaoError} from '../../../src/errors.js'
import {MetricsRegistry, countSubmission, escapeHelp, escapeLabelValue} from '../../../src/util/metrics.js'
import {isLoopback, parseMetricsAddress, startMetricsServer} from '../../../src/util/metrics-server.js'
import {parseExposition, sampleValue} from '../../helpers/prom.js'

describe('Prometheus text format', () => {
  it('renders counters, gauges and histograms as the exposition format says', () => {
    const r = new MetricsRegistry()
    r.counter('tao_requests_total', 'requests, by code', ['code']).inc({code: 200}, 3)
    r.counter('tao_requests_total', 'ignored: same metric', ['code']).inc({code: '503'})
    r.gauge('tao_block', 'the block').set(undefined, 42)
    const h = r.histogram('tao_latency_seconds', 'latency', ['route'], [0.1, 1])
    h.observe({route: 'a'}, 0.05)
    h.observe({route: 'a'}, 0.1)
    h.observe({route: 'a'}, 0.5)
    h.observe({route: 'a'}, 7)
    expect(r.render()).toBe(
      [
        '# HELP tao_requests_total requests, by code',
        '# TYPE tao_requests_total counter',
        'tao_requests_total{code="200"} 3',
        'tao_requests_total{code="503"} 1',
        '# HELP tao_block the block',
        '# TYPE tao_block gauge',
        'tao_block 42',
        '# HELP tao_latency_seconds latency',
        '# TYPE tao_latency_seconds histogram',
        'tao_latency_seconds_bucket{route="a",le="0.1"} 2',
        'tao_latency_seconds_bucket{route="a",le="1"} 3',
        'tao_latency_seconds_bucket{route="a",le="+Inf"} 4',
        'tao_latency_seconds_sum{route="a"} 7.65',
        'tao_latency_seconds_count{route="a"} 4',
        '',
      ].join('\n'),
    )
  })

  it('escapes label values (backslash, quote, newline) and HELP texts (backslash, newline)', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd')
    expect(escapeHelp('x\\y\n"z"')).toBe('x\\\\y\\n"z"')
    const r = new MetricsRegistry()
    const nasty = 'Dummy"}\n{x="1\\'
    r.counter('tao_x_total', 'line one\nline two', ['synapse']).inc({synapse: nasty})
    const parsed = parseExposition(r.render())
    expect(parsed.help.tao_x_total).toBe('line one\nline two')
    expect(parsed.samples).toEqual([{labels: {synapse: nasty}, name: 'tao_x_total', value: 1}])
  })

  it('spells special values and refuses what the format cannot say', () => {
    const r = new MetricsRegistry()
    r.gauge('g', 'g', ['k']).set({k: 'inf'}, Infinity)
    r.gauge('g', 'g', ['k']).set({k: 'nan'}, Number.NaN)
    expect(r.render()).toContain('g{k="inf"} +Inf\n')
    expect(r.render()).toContain('g{k="nan"} NaN\n')
    expect(() => r.counter('g', 'again as a counter')).toThrow(/is a gauge/)
    expect(() => r.counter('bad-name', 'x')).toThrow(/bad metric name/)
    expect(() => r.histogram('h', 'x', ['le'])).toThrow(/bad label name le/)
    expect(() => r.counter('c', 'x').inc(undefined, -1)).toThrow(/only goes up/)
    expect(() => r.counter('c2', 'x', ['a']).inc({})).toThrow(/needs label a/)
    expect(() => r.counter('c3', 'x', ['a']).inc({a: 1, b: 2})).toThrow(/has no label b/)
  })

  it('counts submissions by call and outcome, and nothing without a registry', () => {
    const r = new MetricsRegistry()
    countSubmission(r, 'subtensorModule.setWeights', 'succeeded')
    countSubmission(r, 'subtensorModule.setWeights', 'succeeded')
    countSubmission(r, 'subtensorModule.setWeights', 'unknown')
    countSubmission(undefined, 'subtensorModule.setWeights', 'failed')
    const e = parseExposition(r.render())
    expect(sampleValue(e, 'tao_submissions_total', {outcome: 'succeeded'})).toBe(2)
    expect(sampleValue(e, 'tao_submissions_total', {outcome: 'unknown'})).toBe(1)
    expect(sampleValue(e, 'tao_submissions_total', {outcome: 'failed'})).toBeUndefined()
  })
})

describe('--metrics HOST:PORT', () => {
  it.each([
    ['9100', {host: '127.0.0.1', port: 9100}],
    ['127.0.0.1:0', {host: '127.0.0.1', port: 0}],
    ['localhost:9100', {host: 'localhost', port: 9100}],
    ['[::1]:9100', {host: '::1', port: 9100}],
    ['0.0.0.0:9100', {host: '0.0.0.0', port: 9100}],
  ])('%s', (text, want) => expect(parseMetricsAddress(text)).toEqual(want))

  it.each(['', 'x', ':9100', '127.0.0.1:', '127.0.0.1:70000', '::1:9100', 'host:12ab'])('refuses %j with a usage error on «metrics»', (text) => {
    let err: unknown
    try {
      parseMetricsAddress(text)
    } catch (error) {
      err = error
    }
    expect(isTaoError(err)).toBe(true)
    expect((err as {field?: string}).field).toBe('metrics')
    expect((err as Error).message).toMatch(/^metrics /)
  })

  it('knows loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) expect(isLoopback(h)).toBe(true)
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.5', 'example.org']) expect(isLoopback(h)).toBe(false)
  })

  it('refuses a non-loopback host unless allowed, before listening', async () => {
    await expect(startMetricsServer(new MetricsRegistry(), {host: '0.0.0.0', port: 0})).rejects.toMatchObject({code: 'MetricsNotLoopback', field: 'metrics'})
  })

  it('serves the registry at /metrics, 404 elsewhere, 405 for POST, and stops', async () => {
    const r = new MetricsRegistry()
    const c = r.counter('tao_hits_total', 'hits')
    const server = await startMetricsServer(r, {host: '127.0.0.1', port: 0})
    try {
      c.inc()
      const res = await fetch(server.url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
      expect(sampleValue(parseExposition(await res.text()), 'tao_hits_total')).toBe(1)
      c.inc()
      expect(sampleValue(parseExposition(await (await fetch(server.url)).text()), 'tao_hits_total')).toBe(2)
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404)
      expect((await fetch(server.url, {method: 'POST'})).status).toBe(405)
      // the port is taken: a second server on it is a usage error, not a crash
      await expect(startMetricsServer(r, {host: '127.0.0.1', port: server.port})).rejects.toMatchObject({code: 'PortInUse'})
    } finally {
      await server.stop()
    }
    await expect(new Promise((resolve, reject) => http.get(server.url, resolve).on('error', reject))).rejects.toMatchObject({code: 'ECONNREFUSED'})
  })
})
