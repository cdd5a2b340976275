/**
 * The start-up fast path of the most frequent reads (src/cli/fast.ts: `chain info`, `subnet list|metagraph|show`,
 * `wallet balance`, run without loading oclif) against the spec-218 chain: each command line run both ways
 * (`TAO_FAST=0` is oclif's path), stdout, stderr and exit code compared byte for byte, and whether the fast path
 * took it (no @oclif/core module loaded). A refused endpoint and bad input fail the same way on both paths.
 */
import {beforeAll, describe, expect, inject, it} from 'vitest'

import {TAO, devApi, fund, writePlainWallet} from '../helpers/dev-chain.js'
import {same} from '../helpers/fast.js'
import {runTao, tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('start-up fast path for chain reads: the same output as oclif', () => {
  const home = tempHome('tao-fast-reads-')
  const env = home.env

  beforeAll(async () => {
    const api = await devApi(endpoint)
    try {
      const w = await writePlainWallet(env.TAO_WALLET_PATH!, 'reader')
      await fund(api, w.coldkey.address, 3n * TAO)
      await writePlainWallet(env.TAO_WALLET_PATH!, 'empty')
    } finally {
      await api.disconnect()
    }
    // the metadata cache warm, as for every later run
    expect((await runTao(['chain', 'info', '--network', endpoint], {env})).code).toBe(0)
  }, 180_000)

  it('chain info, subnet list, wallet balance: human and --json, the fast path taking them', async () => {
    const net = ['--network', endpoint]
    expect((await same(['chain', 'info', ...net], true, {env})).stdout).toContain('genesis')
    expect((await same(['chain', 'info', ...net, '--json'], true, {env})).json.endpoint).toBe(endpoint)
    await same(['subnet', 'list', ...net], true, {env})
    expect((await same(['subnet', 'list', ...net, '--json'], true, {env})).json.subnets.length).toBeGreaterThan(0)
    const one = await same(['wallet', 'balance', '-w', 'reader', ...net, '--json'], true, {env})
    expect(one.json.balances[0].freeRao).toBe(String(3n * TAO))
    await same(['wallet', 'balance', '-w', 'reader', ...net], true, {env})
    await same(['wallet', 'balance', '--all', ...net], true, {env})
    await same(['wallet', 'balance', '--all', ...net, '--json'], true, {env})
    await same(['wallet', 'balance', '-w', 'reader', ...net], true, {env: {...env, NO_COLOR: undefined}})
    // the metagraph and a subnet's summary: the netuid as argument, flag or TAO_NETUID; sorting and filters
    expect((await same(['subnet', 'metagraph', '1', ...net, '--json'], true, {env})).json.neurons.length).toBeGreaterThan(0)
    await same(['subnet', 'metagraph', '1', ...net], true, {env})
    await same(['subnet', 'metagraph', '--netuid', '1', '--sort', 'stake', '--reverse', ...net], true, {env})
    await same(['subnet', 'metagraph', ...net, '--validators', '--json'], true, {env: {...env, TAO_NETUID: '1'}})
    await same(['subnet', 'show', '1', ...net], true, {env})
    await same(['subnet', 'show', '-u', '1', '--sort', 'hotkey', ...net, '--json'], true, {env})
    // TAO_NETWORK from the environment, as --network
    await same(['chain', 'info', '--json'], true, {env: {...env, TAO_NETWORK: endpoint}})
  }, 300_000)

  it('refused endpoints, bad input and flags the fast path leaves to oclif fail or answer the same way', async () => {
    const refused = ['--network', 'ws://127.0.0.1:9']
    expect((await same(['chain', 'info', ...refused], true, {env})).code).toBe(4)
    expect((await same(['subnet', 'list', ...refused, '--json'], true, {env})).json.error.exitCode).toBe(4)
    expect((await same(['wallet', 'balance', '-w', 'nosuch', '--network', endpoint], true, {env})).code).not.toBe(0)
    expect((await same(['chain', 'info', '--network', endpoint, '--timeout', 'abc'], true, {env})).code).toBe(2)
    // --ss58, repeatable and read greedily (as oclif reads it); a bad address is refused the same way
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
    const bob = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'
    expect((await same(['wallet', 'balance', '--ss58', alice, '--network', endpoint, '--json'], true, {env})).json.balances).toHaveLength(1)
    expect((await same(['wallet', 'balance', '--ss58', alice, '--json', bob, '--network', endpoint], true, {env})).json.balances).toHaveLength(2)
    await same(['wallet', 'balance', '--ss58', alice, '--ss58', bob, '--network', endpoint], true, {env})
    expect((await same(['wallet', 'balance', '--ss58', alice.slice(0, -1), '--network', endpoint], true, {env})).code).toBe(2)
    // a subnet that does not exist, the netuid twice or missing: the runtime's one line, the same both ways
    expect((await same(['subnet', 'metagraph', '999', '--network', endpoint], true, {env})).code).toBe(2)
    expect((await same(['subnet', 'show', '1', '--netuid', '2', '--network', endpoint], true, {env})).code).toBe(2)
    expect((await same(['subnet', 'metagraph', '--network', endpoint, '--json'], true, {env})).code).toBe(2)
    // a netuid that is not plain digits, a --sort that is not an option: oclif's path, its own messages
    expect((await same(['subnet', 'metagraph', 'x', '--network', endpoint], false, {env})).code).toBe(2)
    expect((await same(['subnet', 'show', '1.5', '--network', endpoint], false, {env})).code).toBe(2)
    expect((await same(['subnet', 'metagraph', '1', '--sort', 'nosuch', '--network', endpoint], false, {env})).code).toBe(2)
    // unknown flags and missing values: oclif's path
    expect((await same(['chain', 'info', '--bogus', '--network', endpoint], false, {env})).code).toBe(2)
    expect((await same(['subnet', 'list', '--network'], false, {env})).code).toBe(2)
  }, 300_000)
})
