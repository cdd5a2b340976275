/**
 * A strict reader of the Prometheus text format for tests: every line is a comment (`# HELP` / `# TYPE`) or a sample
 * `name{label="value",…} number`; anything else throws. Label values are unescaped (\\, \", \n).
 */
export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

export interface Exposition {
  samples: Sample[]
  help: Record<string, string>
  type: Record<string, string>
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = {help: {}, samples: [], type: {}}
  if (text.length && !text.endsWith('\n')) throw new Error('the exposition must end with a newline')
  for (const line of text.split('\n')) {
    if (line === '') continue
    const m = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line)
    if (m) {
      if (m[1] === 'HELP') out.help[m[2]!] = m[3]!.replaceAll(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'))
      else {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3]!)) throw new Error(`bad TYPE line: ${line}`)
        if (out.type[m[2]!]) throw new Error(`second TYPE line for ${m[2]}`)
        out.type[m[2]!] = m[3]!
      }
      continue
    }
    const s = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$/.exec(line)
    if (!s) throw new Error(`not a sample line: ${JSON.stringify(line)}`)
    const labels: Record<string, string> = {}
    let rest = s[3] ?? ''
    while (rest.length) {
      const l = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/.exec(rest)
      if (!l) throw new Error(`bad labels in ${JSON.stringify(line)}`)
      labels[l[1]!] = l[2]!.replaceAll(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))
      rest = rest.slice(l[0].length)
    }
    const v = s[4]!
    const value = v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : v === 'NaN' ? Number.NaN : Number(v)
    if (Number.isNaN(value) && v !== 'NaN') throw new Error(`bad value in ${JSON.stringify(line)}`)
    out.samples.push({labels, name: s[1]!, value})
  }
  return out
}

/** The value of the one sample with this name and (at least) these labels; undefined if none, throws if several. */
export function sampleValue(e: Exposition, name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = e.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (hits.length > 1) throw new Error(`${hits.length} samples match ${name} ${JSON.stringify(labels)}`)
  return hits[0]?.value
}
