import type { NetworkDirectory } from '../domain/directory.js';
import type { MdoMeeting } from '../domain/mdo.js';

/** Where Teams meetings are made (Microsoft Graph's onlineMeetings). */
export interface OnlineMeetings {
  /** The join link of a new Teams meeting; undefined when it could not be made (the edge logs why). */
  create(organizer: string, request: { subject: string; startsAt: string; endsAt: string }): Promise<string | undefined>;
}

/**
 * The bot makes an MDO's Teams meeting itself when the kernteam's region names an organizer
 * (`teamsMeetings.organizer` in the region data); otherwise the planner pastes the link.
 */
export class TeamsMeetings {
  constructor(
    private readonly directory: NetworkDirectory,
    private readonly onlineMeetings: OnlineMeetings,
  ) {}

  /**
   * The join link of a Teams meeting made for this meeting, when the region names an organizer and
   * the meeting has no link yet (configured or pasted); undefined otherwise, also when Graph could
   * not make one (a later tick tries again). The MDO service stores it.
   */
  async joinUrlFor(meeting: MdoMeeting): Promise<string | undefined> {
    const kernteam = this.directory.kernteam(meeting.kernteamId);
    const organizer = kernteam && this.directory.regionOfSubRegion(kernteam.subRegionId)?.teamsMeetings?.organizer;
    if (meeting.meetingUrl || !kernteam || !organizer) return undefined;
    return this.onlineMeetings.create(organizer, { subject: `MDO-PZ ${kernteam.name} (${meeting.ref})`, startsAt: meeting.startsAt, endsAt: meeting.endsAt });
  }
}
