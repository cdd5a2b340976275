import {Metadata, TypeRegistry, expandMetadata} from '@polkadot/types'
import {readFileSync} from 'node:fs'
import path from 'node:path'

import type {TxNamespace} from '../../src/chain/calls/index.js'

import {SIGNED_EXTENSIONS} from '../../src/chain/extensions.js'
import {SHARED} from './paths.js'

/** The decorated `tx` namespace of the spec-381 runtime, from ../shared/chain/subtensor-spec381.metadata.scale (and its `query` entries). */
export function tx381(): {tx: TxNamespace; registry: TypeRegistry; query: Record<string, Record<string, any>>} {
  const file = path.join(SHARED, 'chain', 'subtensor-spec381.metadata.scale')
  const registry = new TypeRegistry()
  const metadata = new Metadata(registry, new Uint8Array(readFileSync(file)))
  registry.setMetadata(metadata, undefined, SIGNED_EXTENSIONS as never)
  const decorated = expandMetadata(registry, metadata)
  return {query: decorated.query as unknown as Record<string, Record<string, any>>, registry, tx: decorated.tx as unknown as TxNamespace}
}
