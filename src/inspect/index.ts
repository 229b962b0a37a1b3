// rxagent/inspect: a live page of a runtime's events$, served on 127.0.0.1.
export { inspect, type InspectOptions, type Inspector } from './inspect.js';
