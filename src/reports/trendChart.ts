import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { isSmall } from '../domain/disclosure.js';

export interface QuarterPoint {
  quarter: string;
  requested: number;
  /** Null when it would reveal a small group (see quarterlyPoints). */
  accepted: number | null;
}

/**
 * The quarterly trend as a PNG for the half-year report, drawn with Vega-Lite and rasterised by
 * resvg (no native canvas needed). A quarter with 1 to 4 consults is left out of its line, as it
 * would be shown as "<5" anywhere else; so is an accepted count that would reveal a small group.
 */
export async function quarterlyTrendPng(title: string, points: QuarterPoint[]): Promise<Buffer> {
  const values = points.flatMap((p) => [
    { kwartaal: p.quarter, reeks: 'Aangevraagd', aantal: isSmall(p.requested) ? null : p.requested },
    { kwartaal: p.quarter, reeks: 'Geaccepteerd', aantal: p.accepted === null || isSmall(p.requested) ? null : p.accepted },
  ]);
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, subtitle: 'Kwartalen met 1 tot 4 consulten zijn weggelaten (privacy).' },
    width: 560,
    height: 260,
    background: 'white',
    padding: 16,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'kwartaal', type: 'ordinal', title: 'Kwartaal', sort: null, axis: { labelAngle: 0 } },
      y: {
        field: 'aantal',
        type: 'quantitative',
        title: 'Consulten',
        scale: { domainMin: 0, domainMax: Math.max(5, ...values.map((v) => v.aantal ?? 0)) },
        axis: { format: 'd', tickMinStep: 1 },
      },
      color: { field: 'reeks', type: 'nominal', title: null },
    },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // Loaded on the first chart, not at start-up (a native module).
  const { Resvg } = await import('@resvg/resvg-js');
  return Buffer.from(new Resvg(svg, { font: { loadSystemFonts: true }, background: 'white' }).render().asPng());
}
