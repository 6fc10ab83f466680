import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AuditResult } from '../domain/audit.js';
import type { Consult } from '../domain/consult.js';
import type { Person } from '../domain/network.js';
import { tenantOf } from '../http/activity.js';
import type { AuditTrail } from '../store/auditLog.js';

/** The parts of an activity the audit trail records: sender, channel, tenant. */
type AuditedActivity = Parameters<typeof tenantOf>[0] & { from?: { id?: string; aadObjectId?: string | undefined }; channelId?: string };

/** What the bot layer knows about an access: who, through which channel and tenant. */
export class BotAudit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly clock: () => Date,
    private readonly logger: Logger,
  ) {}

  /** Records an access or change; resolves once it is on disk, so callers answer only after. */
  async record(
    who: { context?: TurnContext; activity?: AuditedActivity; person?: Person },
    action: string,
    result: AuditResult,
    about: { consult?: Consult; patientRef?: string; objectId?: string; detail?: string } = {},
  ): Promise<void> {
    const activity = who.activity ?? who.context?.activity;
    // The tenant the server's gate checked; none when the activity's two tenant fields disagree.
    const tenant = tenantOf(activity);
    const tenantId = 'tenantId' in tenant ? tenant.tenantId : undefined;
    await this.trail.record({
      at: this.clock().toISOString(),
      actorId: who.person?.id ?? `onbekend:${activity?.from?.aadObjectId ?? activity?.from?.id ?? '?'}`,
      actorRole: who.person?.role ?? 'onbekend',
      action,
      result,
      ...(about.consult ? { patientRef: about.consult.patientRef, objectId: about.consult.id } : about.patientRef ? { patientRef: about.patientRef } : {}),
      ...(!about.consult && about.objectId ? { objectId: about.objectId } : {}),
      channel: activity?.channelId ?? 'msteams',
      ...(tenantId ? { tenantId } : {}),
      ...(about.detail ? { detail: about.detail } : {}),
    });
    if (result !== 'toegestaan') this.logger.info({ action, result }, 'access refused');
  }
}
