// rxagent/cron: a schedule as an input. Imports node-cron (an optional peer dependency).
export { cronInput, type CronInputOptions } from './cronInput.js';
