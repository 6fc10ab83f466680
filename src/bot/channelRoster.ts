import type { TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { z } from 'zod/v4';

/** A member as the Teams roster API returns one: the Entra object id is `objectId` (older payloads say `aadObjectId`). */
const RosterSchema = z.array(z.looseObject({ objectId: z.string().optional(), aadObjectId: z.string().optional() }));

/**
 * The Entra object ids of a team channel's members, from the Teams roster API (the Bot
 * Connector's GET /v3/conversations/{channel id}/members): a private or shared channel has
 * members of its own, a standard channel those of its team.
 */
export async function channelRoster(context: TurnContext, channelId: string): Promise<string[]> {
  const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
  const members = RosterSchema.parse(await client.conversations.getConversationMembers(channelId));
  return members.map((member) => member.objectId ?? member.aadObjectId).filter((id): id is string => Boolean(id));
}
