/**
 * The miner library: a dendrite that Python axons accept, a minimal axon, synapse definitions with Python's body
 * hash, fast sr25519, and the chain side (reading axons, announcing one). No oclif, no terminal styling.
 * See docs/miner.md.
 */
export {AxonServer, type AxonHandler, type AxonRequestContext, type AxonServerOptions, type BlacklistFn} from './axon.js'
export {type AnnounceResult, type NeuronAxon, announceAxon, readAxons, registeredHotkeys, validateAnnounce} from './chain.js'
export {serveAxonCall} from '../chain/calls/serve.js'
export type {AxonInfo} from '../chain/reads.js'
export {type AxonEndpoint, type CallResult, Dendrite, type DendriteOptions, type ForwardOptions} from './dendrite.js'
export {loadHandlerModule, readSynapseFiles} from './handler.js'
export {announceRefusal, ipToString, parseIp, unusableAddress} from '../chain/ip.js'
export {NonceClock, PROTOCOL_VERSION, buildRequest, prepareSynapse, signatureMessage, versionAsInt} from './protocol.js'
export {floatRepr, pyRepr, pyStr, strRepr} from './pyrepr.js'
export {PyDict, PyFloat, PyTuple, type PyValue, fromPlain, parsePyJson, stringifyPyJson, toPlain} from './pyvalue.js'
export {type QueryReport, planQuery, runQuery} from './query.js'
export {type MessageSigner, messageSigner, sr25519} from './sr25519.js'
export {type SynapseDef, type TypeDesc, adhocSynapse, bodyHash, coerce, inputObjHeaders, parseAnnotation, prepareFields, synapseFromDefinition} from './synapse.js'
