/**
 * The synapse and dendrite flags `miner query` and `validator run` share (the same request is built from them:
 * src/miner/query.ts), and those flags as the services' options.
 */
import * as Flags from '@oclif/core/flags'

/** `helpGroup` files them under one heading; `stream` and `streamField` say what streaming gives this command. */
export function synapseFlags(help: {helpGroup?: string; stream: string; streamField: string}) {
  const {helpGroup} = help
  return {
    body: Flags.string({description: "the synapse's fields as a JSON object", exclusive: ['body-file'], helpGroup}),
    'body-file': Flags.string({description: 'read the JSON body from a file (- for stdin)', exclusive: ['body'], helpGroup}),
    'chunk-timeout': Flags.string({dependsOn: ['stream'], description: 'with --stream: longest wait for each chunk, seconds (408 beyond)', helpGroup}),
    concurrency: Flags.integer({default: 256, description: 'requests in flight at once', helpGroup, max: 4096, min: 1}),
    'hash-fields': Flags.string({description: "the synapse's required_hash_fields, in order (a,b,c)", helpGroup}),
    'max-response-bytes': Flags.integer({default: 4 * 1024 * 1024, description: 'largest reply accepted per axon', helpGroup, min: 1024}),
    stream: Flags.boolean({description: help.stream, helpGroup}),
    'stream-field': Flags.string({dependsOn: ['stream'], description: help.streamField, helpGroup}),
    synapse: Flags.string({description: 'synapse class name (the route), e.g. Dummy', helpGroup}),
    'synapse-file': Flags.string({description: 'JSON synapse definition: name, field types and defaults, required_hash_fields', helpGroup}),
  }
}

/** The `synapseFlags` as service options (their «option» names are `static fieldFlags = SYNAPSE_FIELD_FLAGS`). */
export function synapseOptions(f: {
  body?: string
  'body-file'?: string
  'chunk-timeout'?: string
  concurrency: number
  'hash-fields'?: string
  'max-response-bytes': number
  stream: boolean
  'stream-field'?: string
  synapse?: string
  'synapse-file'?: string
}) {
  return {
    body: f.body,
    bodyFile: f['body-file'],
    chunkTimeoutS: f['chunk-timeout'],
    concurrency: f.concurrency,
    hashFields: f['hash-fields'],
    maxResponseBytes: f['max-response-bytes'],
    stream: f.stream,
    streamField: f['stream-field'],
    synapse: f.synapse,
    synapseFile: f['synapse-file'],
  }
}

/** Option names that differ from their flag's (for «option» markers in errors). */
export const SYNAPSE_FIELD_FLAGS = {chunkTimeoutS: 'chunk-timeout', streamField: 'stream-field'}
