import { BotUnderTest } from './botUnderTest.js';
import type { OpenIdStandIn } from './openIdStandIn.js';

export const APP_ID = '11111111-2222-4333-8444-555555555555';

/** The real bot in production mode: every request needs a Bot Framework token from `openId`. */
export function startProductionBot(openId: OpenIdStandIn, env: Record<string, string> = {}): Promise<BotUnderTest> {
  return BotUnderTest.start({
    env: {
      BOT_LOCAL_DEV: 'false',
      MICROSOFT_APP_ID: APP_ID,
      MICROSOFT_APP_PASSWORD: 'not-used-in-this-test',
      BOT_OPENID_METADATA_URL: openId.metadataUrl,
      ...env,
    },
  });
}

/** A valid channel token for this bot, as the Bot Connector behind `harness` would send it. */
export function channelToken(openId: OpenIdStandIn, harness: BotUnderTest, claims: Record<string, unknown> = {}): string {
  return openId.token({ aud: APP_ID, serviceurl: harness.connector.url, ...claims });
}
