/**
 * tao-localnet: the `tao localnet start` plugin and the service behind the library's `localnet.start` (tao-cli loads
 * it lazily). Chopsticks, and its native sqlite3 build, come only with this package.
 */
export {start} from './start.js'
export {DEV_ACCOUNTS, DEV_FUNDS, startLocalnet} from './localnet.js'
export type {LocalnetOptions} from './localnet.js'
export type {Localnet, StartOptions} from 'tao-cli/plugin'
