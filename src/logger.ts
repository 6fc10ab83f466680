import { pino, type Logger } from 'pino';

/**
 * Structured logs for operations. They carry ids, kinds and counts only: never message text,
 * card input or anything about a patient, because logs leave the care setting.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'pz-consultbot' } });
}
