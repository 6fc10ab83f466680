import { existsSync } from 'node:fs';

/**
 * Reads `.env` from the working directory, as `npm start` and every command-line tool do.
 * Variables already set in the real environment win; a missing `.env` is fine (all settings may
 * come from the environment).
 */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
