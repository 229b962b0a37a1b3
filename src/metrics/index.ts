// rxagent/metrics: Prometheus metrics (prom-client, an optional peer) and structured logs, built only on events$.
export { prometheusMetrics, type PrometheusMetrics, type PrometheusMetricsOptions, type HasEvents } from './prometheusMetrics.js';
export { WorkInProgress } from './WorkInProgress.js';
export { logEvents, type EventLogger, type LogEventsOptions, type LogLevel } from './logEvents.js';
export { eventFields, type EventFields, type EventFieldsOptions } from './eventFields.js';
export { redactor, REDACTED, type RedactOptions, type Redactor } from './redact.js';
