/**
 * Lossless JSON output: numbers written as exact text, objects with a fixed key order. The --json writer
 * (src/output/json.ts) and the miner query's answers (src/protocol/pyrepr.ts `losslessJson`) use these.
 */

/** A JSON number written exactly as this text (which must be a valid JSON number). */
export class RawJsonNumber {
  constructor(readonly text: string) {
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) throw new TypeError(`not a JSON number: ${text}`)
  }
}

/** A JSON object whose keys are written in this order. */
export class OrderedJsonObject {
  constructor(readonly entries: [string, unknown][]) {}
}

/**
 * JSON text of a plain value tree, formatted as `JSON.stringify(v, null, indent)` does, with raw numbers
 * and ordered objects written as they are.
 */
export function writeJson(value: unknown, indent = ''): string {
  const write = (v: unknown, pad: string): string => {
    if (v instanceof RawJsonNumber) return v.text
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
    const inner = pad + indent
    const open = (items: string[], o: string, c: string) =>
      items.length === 0 ? o + c : indent ? `${o}\n${inner}${items.join(`,\n${inner}`)}\n${pad}${c}` : `${o}${items.join(',')}${c}`
    if (Array.isArray(v)) return open(v.map((x) => write(x, inner)), '[', ']')
    const entries = v instanceof OrderedJsonObject ? v.entries : Object.entries(v)
    const sep = indent ? ': ' : ':'
    return open(
      entries.map(([k, x]) => `${JSON.stringify(k)}${sep}${write(x, inner)}`),
      '{',
      '}',
    )
  }
  return write(value, '')
}
