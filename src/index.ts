import { loadDotEnv } from './config/dotenv.js';
import { readEnv } from './config/env.js';
import { createLogger } from './logger.js';
import { startBot } from './main.js';

loadDotEnv();

/** The real clock, or (local mode) one that started at `start` when the process did. */
function clockFrom(start: string | undefined): () => Date {
  if (!start) return () => new Date();
  const offset = Date.parse(start) - Date.now();
  return () => new Date(Date.now() + offset);
}

try {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const bot = await startBot(env, logger, clockFrom(env.BOT_CLOCK_START));
  const shutdown = () => void bot.stop().then(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
} catch (error) {
  // Configuration and storage errors are written for the person starting the bot.
  console.error((error as Error).message);
  process.exit(1);
}
