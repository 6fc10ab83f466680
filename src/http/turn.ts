import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { InboundActivity } from './activity.js';

/** What a turn answers over HTTP: the status and, for an invoke, the bot's own response body. */
export interface TurnAnswer {
  status: number;
  body?: unknown;
}

/**
 * Runs one validated activity through the Bot Framework adapter and hands back what it would
 * have answered, instead of letting it write to the socket: when it fails, botbuilder puts the
 * error's message in the body, and that text must not reach the caller.
 */
export async function runTurn(
  adapter: TeamsAdapter,
  activity: InboundActivity,
  headers: IncomingHttpHeaders,
  handleTurn: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Promise<TurnAnswer> {
  const answer: TurnAnswer = { status: 200 };
  const response = {
    socket: undefined,
    status: (code: number) => {
      answer.status = code;
    },
    send: (body: unknown) => {
      answer.body = body;
    },
    header: () => undefined,
    end: () => undefined,
  };
  try {
    await adapter.process({ method: 'POST', headers, body: activity }, response, handleTurn);
  } catch (error) {
    logger.error({ errorClass: (error as Error)?.name, activityType: activity.type }, 'turn failed');
    return { status: 500 };
  }
  if (answer.status >= 400) {
    logger.warn({ status: answer.status, activityType: activity.type }, 'turn answered with an error status');
    return { status: answer.status };
  }
  return answer;
}
