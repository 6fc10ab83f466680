import { loadDotEnv } from './config/dotenv.js';
import { readEnv } from './config/env.js';
import { createLogger } from './logger.js';
import { startBot } from './main.js';

loadDotEnv();

try {
  const env = readEnv();
  const logger = createLogger(env.LOG_LEVEL);
  const bot = await startBot(env, logger);
  const shutdown = () => void bot.stop().then(() => process.exit(0));
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
} catch (error) {
  // Configuration and storage errors are written for the person starting the bot.
  console.error((error as Error).message);
  process.exit(1);
}
