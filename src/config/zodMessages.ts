import { z } from 'zod/v4';
import nl from 'zod/v4/locales/nl.js';

// Validation messages reach clinicians and admins, who read Dutch.
z.config(nl());

/** `people[3].phone` rather than zod's array of keys. */
export function formatZodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text ? `${text}.${String(key)}` : String(key);
  }, '');
}

/** The first problem per top-level field, for marking fields on a card form. */
export function fieldProblems(error: z.ZodError): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    problems[field] ??= issue.message;
  }
  return problems;
}
