// rxagent/nats: the distributed runtime on NATS JetStream, with shared state in Redis. The only
// place in rxagent that imports nats; nats and ioredis are optional peer dependencies.
export { jetStreamTransport, JetStreamTransport, type Published } from './JetStreamTransport.js';
export type { JetStreamTransportOptions } from './transportOptions.js';
export { JetStreamWorker, type JetStreamWorkerOptions } from './JetStreamWorker.js';
export { JetStreamSender, type JetStreamSenderOptions } from './JetStreamSender.js';
export type { WorkerSummary } from './settleOutcome.js';
export { JetStreamIngress, type JetStreamIngressOptions, type IngressSummary, type IngressEvent } from './JetStreamIngress.js';
export { StaleDeliveryError } from './StaleDeliveryError.js';
export { fnv1a32, partitionOf, encodeToken } from './subjects.js';
export type * from './workerEvents.js';
