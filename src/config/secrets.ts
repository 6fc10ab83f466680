/**
 * The settings that are secrets. Outside local mode start-up refuses one that is shorter than
 * `MIN_SECRET_LENGTH` or is a value `.env.example` publishes.
 */
export const SECRET_VARIABLES = ['PATIENT_REF_SECRET', 'DOWNLOAD_LINK_SECRET', 'AUDIT_KEY', 'MICROSOFT_APP_PASSWORD', 'LLM_API_KEY', 'GRAPH_CLIENT_SECRET'] as const;
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

export const MIN_SECRET_LENGTH = 32;

/** Exactly the secret values `.env.example` ships; a test holds this list against the file. */
const DEMO_SECRETS: ReadonlySet<string> = new Set([
  'demo-only-not-secret-0123456789abcdef',
  'demo-only-download-links-0123456789abcdef',
  'demo-only-audit-key-not-secret-0123456789abcdef',
]);

export function isDemoSecret(value: string): boolean {
  return DEMO_SECRETS.has(value);
}

/** Which secrets are set to a public demo value, for the local-mode warning. */
export function demoSecretsIn(env: Partial<Record<SecretVariable, string>>): SecretVariable[] {
  return SECRET_VARIABLES.filter((name) => isDemoSecret(env[name] ?? ''));
}
