import type { Logger } from 'pino';
import { z } from 'zod/v4';

/**
 * Creates Teams meetings through Microsoft Graph (`POST /v1.0/users/{organizer}/onlineMeetings`)
 * as the application itself: a client-credentials token from the Microsoft identity platform,
 * kept until shortly before it expires.
 */

export interface GraphSettings {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  graphUrl: string;
  loginUrl: string;
}

export interface OnlineMeetingRequest {
  subject: string;
  startsAt: string;
  endsAt: string;
}

const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().int().positive() });
const OnlineMeetingSchema = z.looseObject({ joinWebUrl: z.url({ protocol: /^https$/ }) });
/** A token is renewed this long before it expires, so a request never carries one that lapses on the way. */
const RENEW_EARLY_MS = 5 * 60_000;
const TIMEOUT_MS = 10_000;

export class GraphOnlineMeetings {
  private token?: { value: string; until: number };

  constructor(
    private readonly settings: GraphSettings,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * The join link of a new Teams meeting organised by `organizer` (an Entra object id or user
   * principal name); undefined, logged, when Graph or its token endpoint could not make it.
   */
  async create(organizer: string, request: OnlineMeetingRequest): Promise<string | undefined> {
    try {
      return await this.post(organizer, request);
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'Teams meeting not created through Graph');
      return undefined;
    }
  }

  private async post(organizer: string, request: OnlineMeetingRequest): Promise<string> {
    const response = await fetch(new URL(`/v1.0/users/${encodeURIComponent(organizer)}/onlineMeetings`, this.settings.graphUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: request.subject, startDateTime: request.startsAt, endDateTime: request.endsAt }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (response.status === 401) this.token = undefined;
    if (!response.ok) throw new Error(`Graph onlineMeetings answered ${response.status}`);
    return OnlineMeetingSchema.parse(await response.json()).joinWebUrl;
  }

  private async accessToken(): Promise<string> {
    const now = this.clock().getTime();
    if (this.token && this.token.until > now) return this.token.value;
    const { tenantId, clientId, clientSecret, loginUrl } = this.settings;
    const response = await fetch(new URL(`/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, loginUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'https://graph.microsoft.com/.default' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const token = TokenSchema.parse(await response.json());
    this.token = { value: token.access_token, until: now + token.expires_in * 1000 - RENEW_EARLY_MS };
    return token.access_token;
  }
}
