// Compiles the bot for `npm start` (its `prestart`): src/index.ts and everything it imports,
// packages included, into one file, dist/index.js. Starting from one file instead of ~3,700
// modules spread over node_modules takes Node about half the time, and far less with a cold page
// cache (issue #15: start-up under 3 s). esbuild only strips the types; `npm run typecheck`
// checks them. The tests run the same src/ through tsx, and the bot as `npm start` runs it.
import { build } from 'esbuild';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

const OUT_DIR = 'dist';
const OUT_FILE = join(OUT_DIR, 'index.js');

const result = await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  outfile: OUT_FILE,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native addons stay where npm put them (resvg, restify's optional dtrace), as do pg's optional
  // native driver and exceljs, which the exports load on first use.
  external: ['@resvg/resvg-js', 'dtrace-provider', 'pg-native', 'exceljs'],
  // The CommonJS packages inside an ES module bundle still call require() for Node's own modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  // For stack traces: `node --enable-source-maps dist/index.js`.
  sourcemap: 'linked',
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  write: false,
});

// Written aside and renamed, so a bot starting while another build runs never reads half a file.
await mkdir(OUT_DIR, { recursive: true });
for (const file of result.outputFiles) {
  const aside = join(OUT_DIR, `.${basename(file.path)}.${process.pid}`);
  await writeFile(aside, file.contents);
  await rename(aside, file.path);
}
