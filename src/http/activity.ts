import { z } from 'zod/v4';

/**
 * The fields of a Bot Framework activity that this bot, Teams AI or botbuilder read, with the
 * types they assume. Checked right after authentication: whatever does not fit is refused with
 * 400 before any handler, so a handler never meets `from.aadObjectId: 42` or a `serviceUrl` that
 * is not a URL. Fields not listed are dropped. Nested objects the bot reads only in part stay
 * loose; card data is validated again by each card action's own schema.
 */

const id = z.string().min(1).max(1024);
const text = z.string().max(100_000);
const name = z.string().max(1024);
const instant = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)));
const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol));

const account = z.looseObject({ id, name: name.optional(), aadObjectId: id.optional(), role: name.optional() });
const tenant = z.looseObject({ id: id.optional() });

const mention = z.looseObject({ type: name, mentioned: account.optional(), text: text.optional() });

const attachment = z.looseObject({
  contentType: name.optional(),
  contentUrl: z.string().max(4096).optional(),
  name: name.optional(),
  content: z.unknown().optional(),
});

/** An Action.Execute press, as Teams sends it in an `adaptiveCard/action` invoke. */
const cardAction = z.looseObject({
  action: z.looseObject({ type: z.literal('Action.Execute'), verb: name.optional(), data: z.unknown().optional() }),
  trigger: name.optional(),
});

export const InboundActivity = z.object({
  type: z.string().min(1).max(64),
  id: id.optional(),
  name: name.optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: httpUrl,
  timestamp: instant.optional(),
  localTimestamp: instant.optional(),
  localTimezone: name.optional(),
  locale: z.string().max(64).optional(),
  from: account,
  recipient: account.extend({ id: z.string().max(1024) }),
  conversation: z.looseObject({
    id,
    conversationType: name.optional(),
    tenantId: id.optional(),
    isGroup: z.boolean().optional(),
    name: name.optional(),
  }),
  channelData: z.looseObject({ tenant: tenant.optional() }).optional(),
  text: text.optional(),
  textFormat: name.optional(),
  value: z.unknown().optional(),
  replyToId: id.optional(),
  action: name.optional(),
  attachments: z.array(attachment).max(50).optional(),
  entities: z.array(mention).max(50).optional(),
  membersAdded: z.array(account).max(500).optional(),
  membersRemoved: z.array(account).max(500).optional(),
  reactionsAdded: z.array(z.looseObject({ type: name })).max(50).optional(),
  reactionsRemoved: z.array(z.looseObject({ type: name })).max(50).optional(),
  topicName: name.optional(),
  historyDisclosed: z.boolean().optional(),
  deliveryMode: z.enum(['normal', 'notification', 'expectReplies', 'ephemeral']).optional(),
});

export type InboundActivity = z.infer<typeof InboundActivity>;

/** An invoke the Teams AI card router may see: its `value` must be an Action.Execute press. */
const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** The activity when it fits; undefined otherwise (the caller answers 400 without detail). */
export function parseActivity(body: unknown): InboundActivity | undefined {
  const parsed = InboundActivity.safeParse(body);
  if (!parsed.success) return undefined;
  if (parsed.data.type === 'invoke' && parsed.data.name === CARD_ACTION_INVOKE && !cardAction.safeParse(parsed.data.value).success) return undefined;
  return parsed.data;
}

type TenantFields = { conversation?: { tenantId?: string | undefined }; channelData?: unknown };

/**
 * The one Microsoft 365 tenant of an activity, for the tenant gate and the audit trail alike.
 * Teams puts it in `channelData.tenant.id` and in `conversation.tenantId`; when both are given
 * and differ, the activity has no trustworthy tenant (`conflict`).
 *
 * @example tenantOf({ conversation: { tenantId: 'A' }, channelData: { tenant: { id: 'a' } } }) // { tenantId: 'a' }
 */
export function tenantOf(activity: TenantFields | undefined): { tenantId: string } | { conflict: true } {
  const fromChannelData = normalise((activity?.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id);
  const fromConversation = normalise(activity?.conversation?.tenantId);
  if (fromChannelData && fromConversation && fromChannelData !== fromConversation) return { conflict: true };
  return { tenantId: fromChannelData || fromConversation };
}

function normalise(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}
