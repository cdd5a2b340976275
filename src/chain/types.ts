/**
 * Struct definitions for decoding the raw `Vec<u8>` that spec-218-era runtime APIs return
 * (typed since spec 226/233, where metadata v15 describes them). Registered with every connection;
 * unused names are harmless.
 */
const BASE_TYPES_218 = {
  DynamicInfo218: {
    owner: 'AccountId32', netuid: 'Compact<u16>', tempo: 'Compact<u16>', last_step: 'Compact<u64>',
    blocks_since_last_step: 'Compact<u64>', emission: 'Compact<u64>', alpha_in: 'Compact<u64>',
    alpha_out: 'Compact<u64>', tao_in: 'Compact<u64>', total_locked: 'Compact<u64>', owner_locked: 'Compact<u64>',
  },
  AxonInfo218: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8', protocol: 'u8', placeholder1: 'u8', placeholder2: 'u8' },
  PrometheusInfo218: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ip_type: 'u8' },
  NeuronInfoLite218: {
    hotkey: 'AccountId32', coldkey: 'AccountId32', uid: 'Compact<u16>', netuid: 'Compact<u16>', active: 'bool',
    axon_info: 'AxonInfo218', prometheus_info: 'PrometheusInfo218', stake: 'Vec<(AccountId32, Compact<u64>)>',
    rank: 'Compact<u16>', emission: 'Compact<u64>', incentive: 'Compact<u16>', consensus: 'Compact<u16>',
    trust: 'Compact<u16>', validator_trust: 'Compact<u16>', dividends: 'Compact<u16>', last_update: 'Compact<u64>',
    validator_permit: 'bool', pruning_score: 'Compact<u16>',
  },
  StakeInfo218: {
    hotkey: 'AccountId32', coldkey: 'AccountId32', netuid: 'Compact<u16>', stake: 'Compact<u64>', locked: 'Compact<u64>',
    emission: 'Compact<u64>', drain: 'Compact<u64>', is_registered: 'bool',
  },
  SubnetHyperparams218: {
    rho: 'Compact<u16>', kappa: 'Compact<u16>', immunity_period: 'Compact<u16>', min_allowed_weights: 'Compact<u16>',
    max_weights_limit: 'Compact<u16>', tempo: 'Compact<u16>', min_difficulty: 'Compact<u64>', max_difficulty: 'Compact<u64>',
    weights_version: 'Compact<u64>', weights_rate_limit: 'Compact<u64>', adjustment_interval: 'Compact<u16>',
    activity_cutoff: 'Compact<u16>', registration_allowed: 'bool', target_regs_per_interval: 'Compact<u16>',
    min_burn: 'Compact<u64>', max_burn: 'Compact<u64>', bonds_moving_avg: 'Compact<u64>', max_regs_per_block: 'Compact<u16>',
    serving_rate_limit: 'Compact<u64>', max_validators: 'Compact<u16>', adjustment_alpha: 'Compact<u64>',
    difficulty: 'Compact<u64>', commit_reveal_weights_interval: 'Compact<u64>', commit_reveal_weights_enabled: 'bool',
    alpha_high: 'Compact<u16>', alpha_low: 'Compact<u16>', liquid_alpha_enabled: 'bool',
  },
} as const

/** Spec-218 `SubnetInfoRuntimeApi.get_subnet(s)_info` (raw `Vec<u8>`). */
export const SUBNET_TYPES_218 = {
  SubnetInfo218: {
    netuid: 'Compact<u16>',
    rho: 'Compact<u16>',
    kappa: 'Compact<u16>',
    difficulty: 'Compact<u64>',
    immunity_period: 'Compact<u16>',
    max_allowed_validators: 'Compact<u16>',
    min_allowed_weights: 'Compact<u16>',
    max_weights_limit: 'Compact<u16>',
    scaling_law_power: 'Compact<u16>',
    subnetwork_n: 'Compact<u16>',
    max_allowed_uids: 'Compact<u16>',
    blocks_since_last_step: 'Compact<u64>',
    tempo: 'Compact<u16>',
    network_modality: 'Compact<u16>',
    network_connect: 'Vec<[u16;2]>',
    emission_values: 'Compact<u64>',
    burn: 'Compact<u64>',
    owner: 'AccountId32',
  },
} as const

/** Struct of spec-218 `DelegateInfoRuntimeApi` results (raw `Vec<u8>`; nominators are legacy stake). */
export const STAKE_TYPES_218 = {
  StakeDelegateInfo218: {
    delegate_ss58: 'AccountId32',
    take: 'Compact<u16>',
    nominators: 'Vec<(AccountId32, Compact<u64>)>',
    owner_ss58: 'AccountId32',
    registrations: 'Vec<Compact<u16>>',
    validator_permits: 'Vec<Compact<u16>>',
    return_per_1000: 'Compact<u64>',
    total_daily_return: 'Compact<u64>',
  },
} as const

/** The one table of spec-218 structs, registered with every connection (src/chain/client.ts). */
export const RUNTIME_TYPES = {...BASE_TYPES_218, ...SUBNET_TYPES_218, ...STAKE_TYPES_218} as const
