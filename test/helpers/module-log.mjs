// `node --import ./module-log.mjs`: append the URL of every module the process loads to $TAO_MODULE_LOG (one a line),
// so a test can tell which packages a command imported. Registers ./module-log-hooks.mjs as a loader hook.
import {register} from 'node:module'

register('./module-log-hooks.mjs', import.meta.url)
