import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'
import type {ApiPromise} from '@polkadot/api'

import {type Chain, connect} from '../../src/chain/client.js'
import {submit} from '../../src/chain/submit.js'
import {ChainError} from '../../src/errors.js'
import {devApi, devKey, freeBalance, fund, TAO} from '../helpers/dev-chain.js'
import {tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

// The chain layer as a library: submit() against the real runtime.
describe.skipIf(!endpoint)('submit(): status tracking, fees, dry runs and decoded refusals', () => {
  let chain: Chain
  let api: ApiPromise
  const sender = devKey('//Alice//submit-test')
  const receiver = devKey('//Alice//submit-test-receiver')

  beforeAll(async () => {
    chain = await connect({cacheDir: tempHome().env.TAO_CACHE_DIR, endpoint})
    api = await devApi(endpoint)
    await fund(api, sender.address, 10n * TAO)
  })
  afterAll(async () => {
    await chain?.disconnect()
    await api?.disconnect()
  })

  it('a dry run is validated by the pool, quotes a fee and submits nothing', async () => {
    const nonceBefore = (await api.rpc.system.accountNextIndex(sender.address)).toNumber()
    const before = await freeBalance(api, sender.address)
    const out = await submit(chain, chain.api.tx.balances.transferKeepAlive(receiver.address, TAO), sender, {dryRun: true})
    expect(out.dryRun).toBe(true)
    expect(out.feeRao).toBeGreaterThan(0n)
    expect(out.validity?.longevity).toBeDefined()
    expect(out.blockNumber).toBeUndefined()
    expect((await api.rpc.system.accountNextIndex(sender.address)).toNumber()).toBe(nonceBefore)
    expect(await freeBalance(api, sender.address)).toBe(before)
  })

  it('a dry run the pool would refuse is a ChainError (exit 5) naming the reason', async () => {
    const broke = devKey('//Alice//submit-test-never-funded')
    const err = await submit(chain, chain.api.tx.balances.transferKeepAlive(receiver.address, TAO), broke, {dryRun: true}).catch((e) => e)
    expect(err).toBeInstanceOf(ChainError)
    expect(err.exitCode).toBe(5)
    expect(err.code).toBe('Pool.Payment')
    expect(err.message).toMatch(/cannot pay the transaction fee/)
  })

  it('two submissions in a row from one key use the pool-aware nonce, and the fee charged is reported', async () => {
    const before = await freeBalance(api, sender.address)
    const a = await submit(chain, chain.api.tx.balances.transferKeepAlive(receiver.address, TAO), sender)
    const b = await submit(chain, chain.api.tx.balances.transferKeepAlive(receiver.address, TAO), sender)
    expect(b.nonce).toBe(a.nonce + 1)
    expect(a.blockNumber).toBeGreaterThan(0)
    expect(a.events.some((e) => e.section === 'balances' && e.method === 'Transfer')).toBe(true)
    const after = await freeBalance(api, sender.address)
    expect(before - after).toBe(2n * TAO + a.feeRao + b.feeRao)
  })

  it('a dispatch error is decoded to Pallet.Error and a sentence', async () => {
    const call = chain.api.tx.sudo.sudo(chain.api.tx.system.remark('0x00'))
    const err = await submit(chain, call, sender).catch((e) => e)
    expect(err).toBeInstanceOf(ChainError)
    expect(err.code).toBe('Sudo.RequireSudo')
    expect(err.message).toBe('Sudo.RequireSudo: the signer is not the sudo key')
    expect(err.data.blockNumber).toBeGreaterThan(0)
  })

  it('a failing call inside sudo is reported, not swallowed by the outer success', async () => {
    const alice = devKey('//Alice')
    // a sudo call that succeeds emits Sudid(Ok); one whose inner call fails (set_code with junk) must be an error
    const inner = chain.api.tx.balances.forceSetBalance ? chain.api.tx.balances.forceSetBalance(receiver.address, 0) : undefined
    expect(inner).toBeDefined()
    const ok = await submit(chain, chain.api.tx.sudo.sudo(inner!), alice)
    expect(ok.events.some((e) => e.section === 'sudo' && e.method === 'Sudid')).toBe(true)
    const failing = chain.api.tx.sudo.sudo(chain.api.tx.system.setCode('0x00'))
    const err = await submit(chain, failing, alice).catch((e) => e)
    expect(err).toBeInstanceOf(ChainError)
    expect(err.message).toMatch(/^sudo call failed: /)
  })
})
