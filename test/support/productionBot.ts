import { PasswordServiceClientCredentialFactory, type ServiceClientCredentials } from 'botframework-connector';
import type { Logger } from 'pino';
import { BotUnderTest } from './botUnderTest.js';
import type { OpenIdStandIn } from './openIdStandIn.js';

export const APP_ID = '11111111-2222-4333-8444-555555555555';
const APP_PASSWORD = 'not-used-in-this-test-0123456789abcdef';

/**
 * The bot's own credentials, checking incoming app ids as in production, but with a stand-in for
 * Microsoft's login service: outgoing calls to the Bot Connector stand-in carry a fixed token
 * instead of one fetched from login.microsoftonline.com, which tests cannot reach.
 */
class LoginStandIn extends PasswordServiceClientCredentialFactory {
  override async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', 'Bearer login-stand-in');
        return request;
      },
    };
  }
}

/** The real bot in production mode: every request needs a Bot Framework token from `openId`. */
export function startProductionBot(openId: OpenIdStandIn, env: Record<string, string> = {}, logger?: Logger): Promise<BotUnderTest> {
  return BotUnderTest.start({
    ...(logger ? { logger } : {}),
    env: {
      BOT_LOCAL_DEV: 'false',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: APP_PASSWORD,
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      ...env,
    },
    credentials: new LoginStandIn(APP_ID, APP_PASSWORD),
  });
}

/** A valid channel token for this bot, as the Bot Connector behind `harness` would send it. */
export function channelToken(openId: OpenIdStandIn, harness: BotUnderTest, claims: Record<string, unknown> = {}): string {
  return openId.token({ aud: APP_ID, serviceurl: harness.connector.url, ...claims });
}
