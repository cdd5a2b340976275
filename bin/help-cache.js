// The help text cache: `tao [topic|command …] --help` prints what oclif printed last time for the same request in the
// same setting, without loading oclif (start-up budget: `tao --help` <= 2x `node -e 0`).
//
// Only oclif writes the cache: on a miss, bin/run.js runs oclif as always and stores its stdout when the run ended
// with exit 0 and nothing on stderr. An entry is keyed by everything the text can depend on: the words asked
// about; tao's, oclif's and the help plugin's package.json (version) and every plugin's oclif.manifest.json (size and
// mtime, so a rebuild or an installed/removed plugin is a new key); Node's version, platform and architecture
// (root help prints them); whether stdout is a terminal and its width; the environment that sets colours, width or
// the theme, and oclif's theme.json. Entries live in <cache folder>/help (TAO_CACHE_DIR, else
// $XDG_CACHE_HOME/tao); TAO_HELP_CACHE=0 turns the cache off. A cache that cannot be read or written is ignored.
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import path from 'node:path'

import {configDir, defaultCacheDir} from '../dist/config/dirs.js'

/** the environment that can change help text: colour, width, theme, oclif settings, tao's own variables */
const ENV = /^(TAO_|OCLIF_|NO_COLOR$|FORCE_COLOR$|NODE_DISABLE_COLORS$|TERM|COLORTERM$|COLUMNS$|CI$|CI_|CONTINUOUS_INTEGRATION$|BUILD_NUMBER$|RUN_ID$|GITHUB_ACTIONS$|GITEA_ACTIONS$|GITLAB_CI$|CIRCLECI$|TRAVIS$|APPVEYOR$|BUILDKITE$|DRONE$|TEAMCITY_VERSION$|TF_BUILD$|AGENT_NAME$|XDG_CONFIG_HOME$|XDG_CACHE_HOME$|HOME$|LANG$|LC_)/

/** Is this argv a help request the cache may answer: words (topics, a command) followed by --help? */
export function helpRequest(argv) {
  if (argv.length === 0 || argv.at(-1) !== '--help') return false
  if (process.env.TAO_HELP_CACHE === '0' || process.env.DEBUG) return false
  return argv.slice(0, -1).every((a) => /^[a-z][a-z0-9-]*$/.test(a))
}

function stamp(file) {
  try {
    const st = statSync(file)
    return `${file}:${st.size}:${st.mtimeMs}`
  } catch {
    return `${file}:-`
  }
}

/**
 * The cache file for this request. `roots` are the folders of tao, @oclif/core, @oclif/plugin-help and every
 * optional plugin found (undefined for one not installed).
 */
export function helpCacheFile(argv, roots) {
  const h = createHash('sha256')
  const add = (s) => h.update(`${s}\n`)
  add(argv.join(' '))
  add(`${process.version} ${process.platform} ${process.arch}`)
  add(`stdout tty=${Boolean(process.stdout.isTTY)} columns=${process.stdout.columns ?? ''}`)
  for (const r of roots) {
    if (!r) {
      add('-')
      continue
    }
    add(stamp(path.join(r, 'package.json')))
    add(stamp(path.join(r, 'oclif.manifest.json')))
  }
  add(stamp(path.join(configDir(), 'theme.json')))
  for (const k of Object.keys(process.env).filter((k) => ENV.test(k)).sort()) add(`${k}=${process.env[k]}`)
  return path.join(defaultCacheDir(), 'help', `${h.digest('hex')}.txt`)
}

/** The stored text, or undefined. */
export function readHelp(file) {
  try {
    return readFileSync(file)
  } catch {
    return undefined
  }
}

/**
 * Record what oclif writes to stdout (and whether it writes to stderr) from now on; `store()` saves the text when
 * the run is one to keep.
 */
export function recordHelp(file) {
  const out = []
  let clean = true
  const stdoutWrite = process.stdout.write.bind(process.stdout)
  const stderrWrite = process.stderr.write.bind(process.stderr)
  process.stdout.write = (chunk, ...rest) => {
    out.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof rest[0] === 'string' ? rest[0] : 'utf8') : Buffer.from(chunk))
    return stdoutWrite(chunk, ...rest)
  }
  process.stderr.write = (chunk, ...rest) => {
    clean = false
    return stderrWrite(chunk, ...rest)
  }
  return {
    store() {
      process.stdout.write = stdoutWrite
      process.stderr.write = stderrWrite
      const text = Buffer.concat(out)
      if (!clean || (process.exitCode ?? 0) !== 0 || text.length === 0) return
      try {
        mkdirSync(path.dirname(file), {recursive: true})
        const tmp = `${file}.${process.pid}.tmp`
        writeFileSync(tmp, text)
        renameSync(tmp, file)
      } catch {
        // a cache folder we cannot write: no cache
      }
    },
  }
}
