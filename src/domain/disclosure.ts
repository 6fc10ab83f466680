/**
 * Statistical disclosure control for the statistics card and its export: primary suppression of
 * small counts and of counts that are about one or two people, then complementary (secondary)
 * suppression, so that no suppressed cell can be worked out from the total and the other cells
 * of its table. The method is the usual one for frequency tables (as in tau-ARGUS): suppress the
 * next-smallest cell of the same table until every suppressed cell has at least two values that
 * fit everything shown.
 *
 * What a reader may know, and what the audit below assumes: a cell shown as "<5" holds 1 to 4;
 * a cell shown as "onderdrukt" holds 0 or at least 5 (a cell of 1 to 4 is always "<5"); a
 * cell shown as "verborgen" may hold anything; every other figure is exact, and the cells of a
 * table add up to its total.
 */

export const SMALLEST_SHOWN = 5;
/** A count made by this many people or fewer is a figure about those people (001:262-265). */
export const FEWEST_PEOPLE = 2;

/** `table`: the whole table is hidden, because no choice of cells would protect it. */
export type CellStatus = 'shown' | 'small' | 'people' | 'complement' | 'table';

export interface Cell {
  key: string;
  value: number;
  /** How many different people the count is about, when it counts what people did. */
  people?: number;
}

export const isSmall = (count: number): boolean => count > 0 && count < SMALLEST_SHOWN;
const isAboutFewPeople = (cell: Cell): boolean => cell.value > 0 && cell.people !== undefined && cell.people <= FEWEST_PEOPLE;

/** A set of whole numbers as sorted, disjoint, closed intervals. */
type Values = [number, number][];

function normalise(values: Values): Values {
  const sorted = values.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const merged: Values = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return merged;
}

const plus = (a: Values, b: Values): Values => normalise(a.flatMap(([alo, ahi]) => b.map(([blo, bhi]): [number, number] => [alo + blo, ahi + bhi])));
const intersect = (a: Values, b: Values): Values =>
  normalise(a.flatMap(([alo, ahi]) => b.map(([blo, bhi]): [number, number] => [Math.max(alo, blo), Math.min(ahi, bhi)])));
const count = (values: Values): number => values.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);

/** The values a reader knows a cell may hold, given how it is shown and the table's total. */
export function knownValues(status: CellStatus, value: number, total: number): Values {
  if (status === 'shown') return [[value, value]];
  if (status === 'small') return [[1, SMALLEST_SHOWN - 1]];
  if (status === 'table') return [[0, total]];
  return normalise([[0, 0], [SMALLEST_SHOWN, total]]);
}

/**
 * The values each suppressed cell could hold, given its table's total and what is shown: the
 * values of its own known set that the other cells' known sets can complete to the total. Exact
 * for one table with a known total.
 */
export function feasibleValues(cells: readonly Cell[], statuses: Readonly<Record<string, CellStatus>>, total: number): Record<string, Values> {
  const known = cells.map((cell) => knownValues(statuses[cell.key] ?? 'shown', cell.value, total));
  const result: Record<string, Values> = {};
  cells.forEach((cell, i) => {
    if (statuses[cell.key] === 'shown') return;
    const others = known.reduce<Values>((sum, values, j) => (j === i ? sum : plus(sum, values)), [[0, 0]]);
    const completes = normalise(others.map(([lo, hi]): [number, number] => [total - hi, total - lo]));
    result[cell.key] = intersect(known[i]!, completes);
  });
  return result;
}

/**
 * How each cell of a table with a shown total may be shown. Small counts and counts about one or
 * two people are suppressed; then, while any suppressed cell could be worked out, the smallest
 * cell still shown (non-zero first) is suppressed too. When even that does not protect it (two
 * cells, 1 and 5 of 6), the whole table is hidden.
 */
export function protectTable(cells: readonly Cell[], total: number): Record<string, CellStatus> {
  const statuses: Record<string, CellStatus> = {};
  for (const cell of cells) statuses[cell.key] = isSmall(cell.value) ? 'small' : isAboutFewPeople(cell) ? 'people' : 'shown';
  for (;;) {
    const feasible = feasibleValues(cells, statuses, total);
    if (Object.values(feasible).every((values) => count(values) >= 2)) return statuses;
    const next = cells
      .filter((cell) => statuses[cell.key] === 'shown')
      .sort((a, b) => (a.value === 0 ? 1 : 0) - (b.value === 0 ? 1 : 0) || a.value - b.value)[0];
    if (!next) return Object.fromEntries(cells.map((cell) => [cell.key, 'table' as const]));
    statuses[next.key] = 'complement';
  }
}

/** A count as it may be shown. */
export function shownCell(value: number, status: CellStatus): string {
  if (status === 'small') return `<${SMALLEST_SHOWN}`;
  if (status === 'people' || status === 'complement') return 'onderdrukt';
  if (status === 'table') return 'verborgen';
  return String(value);
}
