export { stdinInput, type StdinInputOptions } from './stdinInput.js';
export { consoleOutput, formatResult, type ConsoleOutputOptions } from './consoleOutput.js';
