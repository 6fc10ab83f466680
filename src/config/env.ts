import { z } from 'zod/v4';
import { isDemoSecret, MIN_SECRET_LENGTH, SECRET_VARIABLES } from './secrets.js';
import { formatZodPath } from './zodMessages.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1');

/** Every setting comes from the environment (see .env.example for what each one means). */
export const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('127.0.0.1'),
    BOT_LOCAL_DEV: flag,
    MICROSOFT_APP_ID: z.string().default(''),
    MICROSOFT_APP_PASSWORD: z.string().default(''),
    MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MICROSOFT_APP_TENANT_ID: z.string().default(''),
    /** Where the Bot Framework publishes its signing keys; change only for a sovereign cloud or a test. */
    BOT_OPENID_METADATA_URL: z.url().optional(),
    BOT_TOKEN_ISSUER: z.string().min(1).optional(),
    /** Microsoft 365 tenants whose users may talk to the bot; empty allows every tenant. */
    ALLOWED_TENANT_IDS: z
      .string()
      .default('')
      .transform((text) => text.split(',').map((id) => id.trim().toLowerCase()).filter(Boolean)),
    DATA_DIR: z.string().min(1).default('data'),
    STORE_DIR: z.string().min(1).default('var/store'),
    /** PostgreSQL instead of the file store in STORE_DIR, e.g. postgres://pzbot@db.example.nl/pzbot. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'moet een PostgreSQL-adres zijn (postgres://gebruiker@host:5432/database)')
      .optional(),
    PATIENT_REF_SECRET: z.string().min(32, 'moet minstens 32 tekens lang zijn'),
    /** Signs the short-lived download links of exports. */
    DOWNLOAD_LINK_SECRET: z.string().min(32, 'moet minstens 32 tekens lang zijn'),
    /** Keys the audit trail's chain and signs its checkpoints. */
    AUDIT_KEY: z.string().min(32, 'moet minstens 32 tekens lang zijn'),
    /** The address users' browsers reach this server on, for download links; defaults to HOST and PORT. */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Hosts an ACP file attached in chat may be downloaded from; `*.` allows subdomains. Nothing else is fetched. */
    ATTACHMENT_HOSTS: z
      .string()
      .default('*.sharepoint.com,graph.microsoft.com')
      .transform((text) => text.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean)),
    /** An ACP conversation older than this many months is shown with a warning. */
    ACP_MAX_AGE_MONTHS: z.coerce.number().int().min(1).max(240).default(12),
    /** Optional language model (OpenAI-compatible); off when empty. Only redacted text is sent. */
    LLM_ENDPOINT: z.url().optional(),
    LLM_API_KEY: z.string().default(''),
    LLM_MODEL: z.string().default('gpt-4o-mini'),
    /** The only hosts a model may be reached on, as approved by the network. */
    LLM_ALLOWED_HOSTS: z
      .string()
      .default('')
      .transform((text) => text.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean)),
    /**
     * Microsoft Graph, for creating the Teams meeting of an MDO (onlineMeetings, application
     * permission OnlineMeetings.ReadWrite.All) for regions that name an organizer; off when empty.
     */
    GRAPH_TENANT_ID: z.string().default(''),
    GRAPH_CLIENT_ID: z.string().default(''),
    GRAPH_CLIENT_SECRET: z.string().default(''),
    /** Where Graph and its token endpoint are; change only for a national cloud or a test. */
    GRAPH_URL: z.url().default('https://graph.microsoft.com'),
    GRAPH_LOGIN_URL: z.url().default('https://login.microsoftonline.com'),
    /** Days after closing that a consult's free text is kept; `npm run purge` removes it after that. */
    RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(730),
    /** When set, /metrics (Prometheus) answers only `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(16, 'moet minstens 16 tekens lang zijn').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * Local mode only: the bot's clock starts at this instant and runs on from there, so a demo or
     * an end-to-end run can be an ANW night at any hour, e.g. 2026-11-23T20:00:00+01:00.
     */
    BOT_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_CLOCK_START && !env.BOT_LOCAL_DEV) {
      ctx.addIssue({ code: 'custom', path: ['BOT_CLOCK_START'], message: 'mag alleen met BOT_LOCAL_DEV=true: in productie loopt de klok van de server' });
    }
    if (env.BOT_CLOCK_START && env.DATABASE_URL) {
      // PostgreSQL's job queue keeps the database's time; the two clocks would disagree.
      ctx.addIssue({ code: 'custom', path: ['BOT_CLOCK_START'], message: 'werkt alleen met de ingebouwde opslag, niet met DATABASE_URL' });
    }
    if (env.BOT_LOCAL_DEV && !LOOPBACK_HOSTS.has(env.HOST)) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message: 'BOT_LOCAL_DEV=true (zonder authenticatie) mag alleen op een loopback-adres (127.0.0.1, ::1, localhost)',
      });
    }
    if (!env.BOT_LOCAL_DEV && (!env.MICROSOFT_APP_ID || !env.MICROSOFT_APP_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_ID'],
        message: 'zonder BOT_LOCAL_DEV=true zijn MICROSOFT_APP_ID en MICROSOFT_APP_PASSWORD verplicht',
      });
    }
    const graph = [env.GRAPH_TENANT_ID, env.GRAPH_CLIENT_ID, env.GRAPH_CLIENT_SECRET];
    if (graph.some(Boolean) && !graph.every(Boolean)) {
      ctx.addIssue({ code: 'custom', path: ['GRAPH_TENANT_ID'], message: 'GRAPH_TENANT_ID, GRAPH_CLIENT_ID en GRAPH_CLIENT_SECRET horen samen: vul ze alle drie in, of geen' });
    }
    if (env.BOT_LOCAL_DEV) return;
    for (const name of ['GRAPH_URL', 'GRAPH_LOGIN_URL'] as const) {
      if (!env[name].startsWith('https://')) ctx.addIssue({ code: 'custom', path: [name], message: 'moet buiten BOT_LOCAL_DEV een https-adres zijn' });
    }
    for (const name of SECRET_VARIABLES) {
      const value = env[name];
      if (!value) continue;
      if (isDemoSecret(value)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is de openbare demowaarde uit .env.example; kies een eigen geheim (bijv. `openssl rand -base64 48`)' });
      } else if (value.length < MIN_SECRET_LENGTH) {
        ctx.addIssue({ code: 'custom', path: [name], message: `moet buiten BOT_LOCAL_DEV minstens ${MIN_SECRET_LENGTH} tekens lang zijn` });
      }
    }
  });

export type Env = z.infer<typeof EnvSchema>;
export type EnvKey = keyof typeof EnvSchema.shape;

/** A setting that cannot be used; its message is written for the person starting the bot. */
export class EnvError extends Error {
  override name = 'EnvError';
  constructor(readonly problems: readonly string[]) {
    super(`De omgevingsvariabelen zijn ongeldig:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
}

/**
 * `.env.example` ships `NAME=` for settings left to their default, and `process.loadEnvFile`
 * turns that into an empty string. Every variable reads an empty or blank value as not set,
 * here and nowhere else.
 */
export function withoutBlankValues(source: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined && value.trim() !== '') settings[name] = value;
  return settings;
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseOrExplain(EnvSchema, source);
}

/** Only the settings a command-line tool needs, read the same way as `readEnv`. */
export function readEnvSubset<K extends EnvKey>(keys: readonly K[], source: NodeJS.ProcessEnv = process.env): Pick<Env, K> {
  const mask = Object.fromEntries(keys.map((key) => [key, true])) as Record<K, true>;
  return parseOrExplain(EnvSchema.pick(mask), source) as unknown as Pick<Env, K>;
}

function parseOrExplain<T>(schema: z.ZodType<T>, source: NodeJS.ProcessEnv): T {
  const settings = withoutBlankValues(source);
  const result = schema.safeParse(settings);
  if (result.success) return result.data;
  throw new EnvError(
    result.error.issues.map((issue) => {
      const name = formatZodPath(issue.path) || '(omgeving)';
      const missing = issue.path.length === 1 && settings[String(issue.path[0])] === undefined && issue.code === 'invalid_type';
      return `${name}: ${missing ? 'ontbreekt' : issue.message}`;
    }),
  );
}
