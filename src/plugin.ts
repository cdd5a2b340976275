/**
 * `tao-cli/plugin`: what tao's own oclif plugins (packages/localnet) build on — the base command, the errors, the
 * table renderer and the chain helpers they need. Not the library's public API (that is `tao-cli`, src/index.ts).
 */
export {BaseCommand} from './cli/base-command.js'
export {InputError, NetworkError, TaoError} from './errors.js'
export {renderTable} from './output/table.js'
export {localnetStateFile, resolveNetworkName} from './config/settings.js'
export {forgetLocalnet, recordLocalnet} from './localnet/state.js'
export {watchNewSubnets} from './chain/localnet-watch.js'
export type {TaoClient} from './client.js'
export type {Ui} from './ui.js'
export type {Localnet, LocalnetPlugin, StartOptions} from './localnet/types.js'
