/**
 * The MEV shield's chain half on a real runtime. Spec 218 has no MevShield pallet, so the wrapper is stood in
 * for by another extrinsic of the same signer with the wrapper's nonce, and the block author's part by this test
 * (decapsulate + decrypt with the ML-KEM secret, put the signed extrinsic into the pool). What is real: the inner
 * extrinsic tao signs for the shield (nonce + 1, era 8) is accepted and executed by the runtime exactly as the
 * decrypted bytes, and awaitReveal reports its own outcome — success, a decoded dispatch failure, or, when it
 * never runs, that its era is over (and the pool then refuses it).
 */
import type {ApiPromise} from '@polkadot/api'

import {ml_kem768} from '@noble/post-quantum/ml-kem.js'
import {u8aToHex} from '@polkadot/util'
import {afterAll, beforeAll, describe, expect, inject, it} from 'vitest'

import {type Chain, connect} from '../../src/chain/client.js'
import {SHIELD_MORTAL_PERIOD, awaitReveal, openWithShieldSecret, prepareShielded} from '../../src/chain/shield.js'
import {submit} from '../../src/chain/submit.js'
import {ChainError} from '../../src/errors.js'
import {devApi, devKey, freeBalance, fund, newBlocks, TAO} from '../helpers/dev-chain.js'
import {tempHome} from '../helpers/run-tao.js'

const endpoint = inject('endpoint')

describe.skipIf(!endpoint)('the shield\'s inner extrinsic and its reveal on the spec-218 runtime', () => {
  let chain: Chain
  let api: ApiPromise
  const signer = devKey('//Alice//shield-reveal')
  const receiver = devKey('//Alice//shield-reveal-receiver')
  const {publicKey, secretKey} = ml_kem768.keygen()

  beforeAll(async () => {
    // tao's own connection waits as long as the test's blocks may take to build (the default is 30 s per request)
    chain = await connect({cacheDir: tempHome().env.TAO_CACHE_DIR, endpoint, timeoutMs: 120_000})
    api = await devApi(endpoint)
    await fund(api, signer.address, 20n * TAO)
  })
  afterAll(async () => {
    await chain?.disconnect()
    await api?.disconnect()
  })

  /** Sign + encrypt `inner`, land the stand-in wrapper (nonce N), and return what the author would decrypt. */
  async function shieldAndWrap(inner: ReturnType<Chain['api']['tx']['balances']['transferKeepAlive']>) {
    const p = await prepareShielded(chain, inner as never, signer, publicKey)
    const wrapper = await submit(chain, chain.api.tx.system.remark('0x6d6576') as never, signer, {mortalPeriod: SHIELD_MORTAL_PERIOD, nonce: p.nonce})
    expect(wrapper.nonce).toBe(p.nonce)
    const opened = await openWithShieldSecret(secretKey, p.ciphertext)
    expect(Buffer.from(opened)).toEqual(Buffer.from(p.plaintext))
    const decoded: any = api.createType('Extrinsic', opened)
    expect(decoded.signer.toString()).toBe(signer.address)
    expect(decoded.nonce.toNumber()).toBe(p.nonce + 1)
    expect(decoded.era.asMortalEra.period.toNumber()).toBe(SHIELD_MORTAL_PERIOD)
    const watch = {
      from: wrapper.blockNumber! + 1,
      innerHash: p.innerHash,
      innerLastValidBlock: p.innerLastValidBlock,
      innerNonce: p.nonce + 1,
      limitMs: 180_000,
      signer: signer.address,
      wrapper: {blockNumber: wrapper.blockNumber, feeEstimateRao: wrapper.feeEstimateRao, feeRao: wrapper.feeRao, txHash: wrapper.txHash},
    }
    return {opened, p, watch, wrapper}
  }

  it('decrypted and pooled as the author does, it runs; awaitReveal reports its own events and both fees', async () => {
    const before = await freeBalance(api, receiver.address)
    const {opened, p, watch, wrapper} = await shieldAndWrap(chain.api.tx.balances.transferKeepAlive(receiver.address, TAO))
    const hash = await api.rpc.author.submitExtrinsic(u8aToHex(opened))
    expect(hash.toHex()).toBe(p.innerHash) // the commitment is the pooled extrinsic's hash
    expect(p.commitment).toBe(p.innerHash)
    const o = await awaitReveal(chain, {...watch, call: 'balances.transferKeepAlive'})
    expect(o.txHash).toBe(p.innerHash)
    expect(o.blockNumber).toBeGreaterThan(wrapper.blockNumber!)
    expect(o.events.some((e) => e.section === 'balances' && e.method === 'Transfer')).toBe(true)
    expect(o.feeRao).toBeGreaterThan(wrapper.feeRao)
    expect(await freeBalance(api, receiver.address)).toBe(before + TAO)
    expect((await api.rpc.system.accountNextIndex(signer.address)).toNumber()).toBe(p.nonce + 2)
  })

  it('an inner call that fails in its block is a ChainError with the decoded error', async () => {
    const {opened, watch} = await shieldAndWrap(chain.api.tx.balances.transferKeepAlive(receiver.address, 1_000_000n * TAO))
    await api.rpc.author.submitExtrinsic(u8aToHex(opened))
    const err = await awaitReveal(chain, {...watch, call: 'balances.transferKeepAlive'}).catch((e) => e)
    expect(err).toBeInstanceOf(ChainError)
    expect(err.data.status).toBe('failed')
    expect(err.code).toMatch(/^(Balances|Token|Arithmetic)\./)
  })

  it('never revealed: once its era is over it is reported as unable to run, and the pool then refuses it', async () => {
    const {opened, p, watch} = await shieldAndWrap(chain.api.tx.balances.transferKeepAlive(receiver.address, TAO))
    // the era's end is driven by this test's own blocks, which a loaded machine builds slowly: the wall-clock limit
    // must outlast them (under CI load 10 blocks took over 60 s and the watch gave up first, as OutcomeUnknown)
    const waiting = awaitReveal(chain, {...watch, call: 'balances.transferKeepAlive', limitMs: 240_000}).catch((e) => e)
    await newBlocks(api, SHIELD_MORTAL_PERIOD + 2)
    const err = await waiting
    expect(err).toBeInstanceOf(ChainError)
    expect(err.code).toBe('MevShield.NotRevealed')
    expect(err.message).toMatch(new RegExp(`did not run by block ${p.innerLastValidBlock}, the end of its era`))
    await expect(api.rpc.author.submitExtrinsic(u8aToHex(opened))).rejects.toThrow()
    expect((await api.rpc.system.accountNextIndex(signer.address)).toNumber()).toBe(p.nonce + 1)
  })
})
