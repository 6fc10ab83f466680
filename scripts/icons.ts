/**
 * npx tsx scripts/icons.ts
 * Draws the app package's icons from their SVG sources in manifest/: color.png (192×192, full
 * colour) and outline.png (32×32, white on transparent). Run it after editing an SVG; the PNGs
 * are committed, so packaging needs no drawing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const MANIFEST_DIR = fileURLToPath(new URL('../manifest/', import.meta.url));

for (const [name, size] of [['color', 192], ['outline', 32]] as const) {
  const svg = readFileSync(join(MANIFEST_DIR, `${name}.svg`), 'utf8');
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng();
  writeFileSync(join(MANIFEST_DIR, `${name}.png`), png);
  console.log(`manifest/${name}.png (${size}×${size})`);
}
