import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectTable, shownCell, SMALLEST_SHOWN, type Cell } from '../../src/domain/disclosure.js';

/**
 * The attacker: knows the total, every cell shown, that "<5" means 1 to 4, that "onderdrukt"
 * means 0 or at least 5, and that the cells add up to the total. For each suppressed cell it
 * collects every value that some complete filling-in allows, by exhaustive search (written
 * independently of the code under test).
 */
function recoverable(shownValues: string[], total: number): number[] {
  const anything = Array.from({ length: total + 1 }, (_, v) => v);
  const domains = shownValues.map((value) => {
    if (value === `<${SMALLEST_SHOWN}`) return [1, 2, 3, 4];
    if (value === 'verborgen') return anything;
    if (value === 'onderdrukt') return anything.filter((v) => v === 0 || v >= SMALLEST_SHOWN);
    return [Number(value)];
  });
  const memo = new Map<string, boolean>();
  const canComplete = (from: number, remaining: number, skip: number): boolean => {
    if (from === domains.length) return remaining === 0;
    if (from === skip) return canComplete(from + 1, remaining, skip);
    const key = `${from}:${remaining}:${skip}`;
    if (!memo.has(key)) memo.set(key, domains[from]!.some((v) => v <= remaining && canComplete(from + 1, remaining - v, skip)));
    return memo.get(key)!;
  };
  const recovered: number[] = [];
  shownValues.forEach((value, i) => {
    if (/^\d+$/.test(value)) return;
    const possible = domains[i]!.filter((v) => v <= total && canComplete(0, total - v, i));
    if (possible.length <= 1) recovered.push(i);
  });
  return recovered;
}

const publish = (cells: Cell[]) => {
  const total = cells.reduce((sum, c) => sum + c.value, 0);
  const statuses = protectTable(cells, total);
  return { total, shown: cells.map((c) => shownCell(c.value, statuses[c.key]!)) };
};

const tableArbitrary = fc
  .array(fc.record({ value: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 30 })), people: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }), {
    minLength: 2,
    maxLength: 6,
  })
  .map((rows) => rows.map((row, i): Cell => ({ key: `c${i}`, value: row.value, ...(row.people !== undefined ? { people: Math.min(row.people, Math.max(1, row.value)) } : {}) })))
  // A table whose total is itself small is hidden as a whole (statisticsTables.protect).
  .filter((cells) => cells.reduce((sum, c) => sum + c.value, 0) >= SMALLEST_SHOWN);

describe('disclosure control: complementary suppression', () => {
  it('hides the cell a total would give away: "Digitaal" = 2 is not the total minus the other forms', () => {
    const { shown } = publish([
      { key: 'telefonisch', value: 20 },
      { key: 'bedside', value: 7 },
      { key: 'digitaal', value: 2 },
    ]);
    expect(shown).toEqual(['20', 'onderdrukt', '<5']);
  });

  it('hides a count about one or two people, however large, like a small count', () => {
    const { shown } = publish([
      { key: 'huisarts', value: 30, people: 9 },
      { key: 'specialist ouderengeneeskunde', value: 8, people: 1 },
      { key: 'wijkverpleegkundige', value: 12, people: 4 },
    ]);
    expect(shown).toEqual(['30', 'onderdrukt', 'onderdrukt']);
  });

  it('adds a second complement when one would not do: 1 + 5 = 6 would give the 1 away', () => {
    const { shown, total } = publish([
      { key: 'a', value: 1 },
      { key: 'b', value: 5 },
      { key: 'c', value: 40 },
    ]);
    expect(shown).toEqual(['<5', 'onderdrukt', 'onderdrukt']);
    expect(recoverable(shown, total)).toEqual([]);
  });

  it('hides the whole table when no complement would do: 1 and 5 of 6', () => {
    expect(publish([{ key: 'a', value: 1 }, { key: 'b', value: 5 }]).shown).toEqual(['verborgen', 'verborgen']);
  });

  it('leaves a table without small groups as it is', () => {
    expect(publish([{ key: 'a', value: 0 }, { key: 'b', value: 5 }, { key: 'c', value: 9 }]).shown).toEqual(['0', '5', '9']);
  });

  it('property: no suppressed cell can be worked out from the total and the other cells', () => {
    fc.assert(
      fc.property(tableArbitrary, (cells) => {
        const { shown, total } = publish(cells);
        expect(recoverable(shown, total)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: every small count and every count about one or two people is suppressed', () => {
    fc.assert(
      fc.property(tableArbitrary, (cells) => {
        const { shown } = publish(cells);
        cells.forEach((cell, i) => {
          if (cell.value > 0 && (cell.value < SMALLEST_SHOWN || (cell.people ?? 99) <= 2)) expect(shown[i]).not.toMatch(/^\d+$/);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
