import { pino, type Logger } from 'pino';

/**
 * Structured logs for operations. They carry ids, kinds and counts only: never message text,
 * card input or anything about a patient, because logs leave the care setting.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'pz-consultbot' } });
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
const originalConsole = Object.fromEntries(CONSOLE_METHODS.map((method) => [method, console[method]]));
const consoleTargets: Logger[] = [];

/**
 * Sends what dependencies write to the console (botbuilder prints rejected tokens and failed
 * turns, with request content in them) to the logger instead, as a fixed message with the
 * method and, for an Error, its class name: never the text itself. Returns the undo; while
 * several running bots have routed the console, the latest one receives it.
 */
export function routeConsoleTo(logger: Logger): () => void {
  consoleTargets.push(logger);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => {
      const target = consoleTargets.at(-1);
      const first = args[0];
      const errorClass = first instanceof Error && /^[A-Za-z]{1,64}$/.test(first.name) ? first.name : undefined;
      target?.[method === 'error' ? 'error' : 'warn']({ consoleMethod: method, ...(errorClass ? { errorClass } : {}) }, 'a dependency wrote to the console (text withheld)');
    };
  }
  return () => {
    const at = consoleTargets.lastIndexOf(logger);
    if (at >= 0) consoleTargets.splice(at, 1);
    if (consoleTargets.length === 0) Object.assign(console, originalConsole);
  };
}
