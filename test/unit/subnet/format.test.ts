import {describe, expect, it} from 'vitest'

import {arrangeNeurons, nextNetworkRegistrationBlock, parseNetuid} from '../../../src/subnet/read.js'
import {axonOf, blocksHuman, describeHyperparams, neuronFromLite, neuronsFromMetagraph, poolPriceRao, summarize} from '../../../src/subnet/format.js'
import {formatIp} from '../../../src/util/ip.js'
import {short, tao} from '../../../src/cli/render/subnet.js'
import {setWide} from '../../../src/output/style.js'
import type {Neuron} from '../../../src/subnet/types.js'

const A = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY'
const B = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'

describe('prices and addresses', () => {
  it('prices alpha from pool reserves exactly, root at 1 TAO, empty pools without a price', () => {
    expect(poolPriceRao(0, 0n, 0n)).toBe(1_000_000_000n)
    expect(poolPriceRao(3, 10_000_000_000_000n, 10_000_000_000_000n)).toBe(1_000_000_000n)
    expect(poolPriceRao(3, 10_001_997_705_277n, 9_999_997_805_257n)).toBe(1_000_199_990n)
    expect(poolPriceRao(3, 5n, 0n)).toBeNull()
    expect(poolPriceRao(3, null, 5n)).toBeNull()
  })

  it('formats IPv4 and IPv6 axons; ip 0 is no axon', () => {
    expect(formatIp(0x08080808n, 4)).toBe('8.8.8.8')
    expect(formatIp(0x20010db8000000000000000000000001n, 6)).toBe('2001:db8::1')
    expect(axonOf({block: 5n, ip: 0n, ipType: 4n, port: 0n, protocol: 0n, version: 0n})).toBeNull()
    expect(axonOf({block: 5n, ip: 0xc0a80001n, ipType: 4n, port: 8091n, protocol: 4n, version: 1n})).toEqual({block: 5, ip: '192.168.0.1', ipType: 4, port: 8091, protocol: 4, version: 1})
  })

  it('shortens addresses and tao for tables on a terminal only', () => {
    setWide(false)
    expect(short(A)).toBe('5Grwva…utQY')
    expect(tao(1_500_000_000n)).toBe('1.5')
    expect(tao(1_234_567_891n)).toBe('1.2345…')
    expect(tao(null)).toBe('-')
    setWide(true)
    expect(short(A)).toBe(A)
    expect(tao(1_234_567_891n)).toBe('1.234567891')
    expect(tao(13_000_000_001n, 2)).toBe('13.000000001')
  })

  it('says blocks with a time hint', () => {
    expect(blocksHuman(100n)).toBe('100 blocks (~20 min)')
    expect(blocksHuman(1n)).toBe('1 block (~12 s)')
    expect(blocksHuman(7200n)).toBe('7200 blocks (~24 h)')
  })
})

describe('summaries from 218 and newer runtime shapes', () => {
  it('218: DynamicInfo218 + SubnetInfo, names from storage', () => {
    const s = summarize(
      2,
      {alphaIn: 10_000_000_000_000n, blocksSinceLastStep: 4n, emission: 997_705_277n, netuid: 2n, owner: A, taoIn: 10_000_000_000_000n, tempo: 30n},
      {burn: 1_000_000_000n, maxAllowedUids: 256n, netuid: 2n, owner: A, subnetworkN: 2n, tempo: 30n},
      {name: 'apex', symbol: 'β'},
    )
    expect(s).toEqual({
      alphaInRao: 10_000_000_000_000n,
      blocksSinceLastStep: 4,
      burnRao: 1_000_000_000n,
      emissionRao: 997_705_277n,
      maxNeurons: 256,
      name: 'apex',
      netuid: 2,
      neurons: 2,
      owner: A,
      ownerHotkey: null,
      priceRao: 1_000_000_000n,
      registeredAt: null,
      symbol: 'β',
      taoInRao: 10_000_000_000_000n,
      tempo: 30,
    })
  })

  it('newer: DynamicInfo carries owner hotkey, name and symbol; the swap price wins over reserves', () => {
    const s = summarize(
      7,
      {alphaIn: 2n, networkRegisteredAt: 99n, ownerColdkey: A, ownerHotkey: B, subnetName: [97n, 98n], taoIn: 8n, taoInEmission: 5n, emission: 1n, tempo: 360n, tokenSymbol: '0xce93'},
      {burn: 3n, maxAllowedUids: 10n, subnetworkN: 1n},
      {priceRao: 4_000_000_000n},
    )
    expect(s).toMatchObject({emissionRao: 5n, name: 'ab', owner: A, ownerHotkey: B, priceRao: 4_000_000_000n, registeredAt: 99, symbol: 'Γ', tempo: 360})
  })
})

describe('neurons', () => {
  const lite = {
    active: true,
    axonInfo: {block: 9n, ip: 0x08080808n, ipType: 4n, placeholder1: 0n, placeholder2: 0n, port: 8091n, protocol: 4n, version: 1n},
    coldkey: B,
    consensus: 32_767n,
    dividends: 0n,
    emission: 12n,
    hotkey: A,
    incentive: 65_535n,
    lastUpdate: 40n,
    netuid: 2n,
    pruningScore: 65_535n,
    rank: 0n,
    stake: [[B, 5n], [A, 7n]],
    trust: 0n,
    uid: 3n,
    validatorPermit: true,
    validatorTrust: 0n,
  }

  it('from NeuronInfoLite: stake is the sum of the stake vector, fractions over 65535', () => {
    const n = neuronFromLite(lite)
    expect(n).toMatchObject({axon: {ip: '8.8.8.8', port: 8091}, coldkey: B, emissionRao: 12n, hotkey: A, incentive: 1, lastUpdate: 40, stakeRao: 12n, uid: 3, validatorPermit: true})
    expect(n.consensus).toBeCloseTo(0.5, 4)
  })

  it('from a typed Metagraph: per-uid vectors', () => {
    const ns = neuronsFromMetagraph({
      active: [true, false],
      axons: [lite.axonInfo, {...lite.axonInfo, ip: 0n}],
      blockAtRegistration: [1n, 2n],
      coldkeys: [A, B],
      consensus: [0n, 65_535n],
      dividends: [0n, 0n],
      emission: [5n, 6n],
      hotkeys: [A, B],
      incentives: [1n, 2n],
      lastUpdate: [10n, 11n],
      pruningScore: [3n, 4n],
      rank: [0n, 0n],
      totalStake: [100n, 200n],
      trust: [0n, 0n],
      validatorPermit: [true, false],
    })
    expect(ns.map((n) => [n.uid, n.hotkey, n.coldkey, n.stakeRao, n.blockAtRegistration])).toEqual([
      [0, A, A, 100n, 1],
      [1, B, B, 200n, 2],
    ])
    expect(ns[1]!.axon).toBeNull()
    expect(ns[1]!.consensus).toBe(1)
  })

  const mk = (uid: number, stake: bigint, permit: boolean, trust = 0): Neuron => ({...neuronFromLite({...lite, uid: BigInt(uid), stake: [[A, stake]], validatorPermit: permit}), trust})

  it('sorts (uid ascending, values descending), filters validators and reverses', () => {
    const ns = [mk(2, 5n, true), mk(0, 9n, false), mk(1, 7n, true)]
    expect(arrangeNeurons(ns).map((n) => n.uid)).toEqual([0, 1, 2])
    expect(arrangeNeurons(ns, {sort: 'stake'}).map((n) => n.uid)).toEqual([0, 1, 2])
    expect(arrangeNeurons(ns, {sort: 'stake', reverse: true}).map((n) => n.uid)).toEqual([2, 1, 0])
    expect(arrangeNeurons(ns, {validators: true}).map((n) => n.uid)).toEqual([1, 2])
    expect(arrangeNeurons([mk(0, 1n, true, 0.1), mk(1, 1n, true, 0.9)], {sort: 'trust'}).map((n) => n.uid)).toEqual([1, 0])
  })
})

describe('hyperparameters in human units', () => {
  it('218 struct: fractions, TAO, blocks, epochs, booleans; exact raw values kept', () => {
    const h = describeHyperparams({bondsMovingAvg: 900_000n, commitRevealWeightsEnabled: false, commitRevealWeightsInterval: 1n, kappa: 32_767n, minBurn: 1_000_000_000n, tempo: 360n, adjustmentAlpha: 0n})
    const by = Object.fromEntries(h.map((x) => [x.name, x]))
    expect(by.kappa).toMatchObject({human: '0.499992', unit: 'fraction', value: 32_767n})
    expect(by.bonds_moving_avg!.human).toBe('0.9')
    expect(by.min_burn).toMatchObject({human: '1 TAO', unit: 'tao', value: 1_000_000_000n})
    expect(by.tempo!.human).toBe('360 blocks (~72 min)')
    expect(by.commit_reveal_weights_interval!.human).toBe('1 epoch')
    expect(by.commit_reveal_weights_enabled).toMatchObject({human: 'no', value: false})
    expect(by.adjustment_alpha!.human).toBe('0')
  })

  it('newer v2 fixed-point and v3 named entries', () => {
    const v2 = describeHyperparams({alphaSigmoidSteepness: {bits: 4_294_967_296n * 10n}, yumaVersion: 3n})
    expect(v2.find((x) => x.name === 'alpha_sigmoid_steepness')!.human).toBe('10')
    const v3 = describeHyperparams([
      {name: '0x74656d706f', value: {U16: 360n}},
      {name: '0x6d696e5f6275726e', value: {TaoBalance: 500_000n}},
      {name: '0x6e65775f7468696e67', value: {Bool: true}},
    ])
    expect(v3.map((x) => [x.name, x.human])).toEqual([
      ['tempo', '360 blocks (~72 min)'],
      ['min_burn', '0.0005 TAO'],
      ['new_thing', 'yes'],
    ])
  })
})

describe('input and rate limits', () => {
  it('parses netuids strictly', () => {
    expect(parseNetuid('7')).toBe(7)
    expect(parseNetuid(' 65535 ')).toBe(65_535)
    for (const bad of ['-1', '1.5', 'abc', '65536', '', undefined]) expect(() => parseNetuid(bad as never)).toThrow(/whole number 0-65535/)
  })

  it('network registration: 218 has no first-time exemption, newer runtimes do', () => {
    expect(nextNetworkRegistrationBlock(0, 10, false)).toBe(10)
    expect(nextNetworkRegistrationBlock(0, 7200, true)).toBe(0)
    expect(nextNetworkRegistrationBlock(100, 7200, true)).toBe(7300)
  })
})
