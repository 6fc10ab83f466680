import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { quarterlyTrendPng } from '../../src/reports/trendChart.js';

describe('the quarterly trend chart', () => {
  it('draws a PNG, leaving out a quarter with fewer than five consults; saved to var/test-artifacts to look at', async () => {
    const png = await quarterlyTrendPng('Consulten per kwartaal, Mijnstreek', [
      { quarter: '2025-Q3', requested: 8, accepted: 7 },
      { quarter: '2025-Q4', requested: 12, accepted: 11 },
      { quarter: '2026-Q1', requested: 3, accepted: 3 },
      { quarter: '2026-Q2', requested: 15, accepted: 13 },
      { quarter: '2026-Q3', requested: 21, accepted: 19 },
      { quarter: '2026-Q4', requested: 18, accepted: 18 },
    ]);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // Width and height from the PNG header: the chart was drawn at its size, not as an empty image.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([expect.any(Number), expect.any(Number)]);
    expect(png.readUInt32BE(16)).toBeGreaterThan(500);
    mkdirSync('var/test-artifacts', { recursive: true });
    writeFileSync('var/test-artifacts/trend-sample.png', png);
  });
});
