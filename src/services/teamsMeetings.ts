import type { NetworkDirectory } from '../domain/directory.js';
import type { MdoMeeting } from '../domain/mdo.js';
import type { Storage } from '../store/store.js';

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
    private readonly store: Storage,
    private readonly directory: NetworkDirectory,
    private readonly onlineMeetings: OnlineMeetings,
  ) {}

  /**
   * The meeting with its Teams meeting: made and stored (compare-and-set) when the region names an
   * organizer and the meeting has no link yet, configured or pasted; unchanged otherwise, also when
   * Graph could not make one (a later tick tries again).
   */
  async linked(meeting: MdoMeeting): Promise<MdoMeeting> {
    const kernteam = this.directory.kernteam(meeting.kernteamId);
    const organizer = kernteam && this.directory.regionOfSubRegion(kernteam.subRegionId)?.teamsMeetings?.organizer;
    if (meeting.meetingUrl || !kernteam || !organizer) return meeting;
    const meetingUrl = await this.onlineMeetings.create(organizer, { subject: `MDO-PZ ${kernteam.name} (${meeting.ref})`, startsAt: meeting.startsAt, endsAt: meeting.endsAt });
    if (!meetingUrl) return meeting;
    const linked = { ...meeting, meetingUrl, version: meeting.version + 1 };
    return (await this.store.mdo.replaceMeeting(linked)) ? linked : ((await this.store.mdo.meeting(meeting.id)) ?? meeting);
  }
}
