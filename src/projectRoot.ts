import { fileURLToPath } from 'node:url';

/**
 * The project's folder (cards/, prompts/, src/store/postgres/migrations/), found from this module.
 * It sits one level below the root, as does the compiled bot that `npm start` runs
 * (dist/index.js, one bundle of src/), so the same line holds in both.
 */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
