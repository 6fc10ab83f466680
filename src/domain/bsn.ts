/**
 * A BSN is nine digits that pass the "elfproef": 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple
 * of 11. The bot refuses such numbers so that no BSN ends up in chat or in storage.
 *
 * @example isBsnLike('111222333') // true
 */
export function isBsnLike(text: string): boolean {
  const digits = text.replace(/[\s.-]/g, '');
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(digits[i]);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** True when free text holds a nine-digit number (optionally grouped) that passes the elfproef. */
export function containsBsnLikeNumber(text: string): boolean {
  const candidates = text.match(/(?<!\d)\d(?:[\s.-]?\d){8}(?!\d)/g) ?? [];
  return candidates.some(isBsnLike);
}
