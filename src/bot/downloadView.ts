import { z } from 'zod/v4';
import { localWeekdayTime } from './format.js';

/**
 * What a download card offers: its title, its text and a label per file. Each button carries it,
 * so that after a press the card can be shown again with the files that still wait. It comes back
 * from the client, so it decides nothing: which files are still there, and whose, the store says.
 */
export const DownloadOfferSchema = z.object({
  title: z.string().max(300),
  text: z.string().max(2000),
  files: z.array(z.object({ fileId: z.uuid(), label: z.string().min(1).max(40) })).min(1).max(5),
});
export type DownloadOffer = z.infer<typeof DownloadOfferSchema>;

/** A download button's data; cards sent before the buttons carried the offer have only the file id. */
export const DownloadPressSchema = z.object({ fileId: z.uuid(), offer: DownloadOfferSchema.optional() });

/** The one-time link just made for one file of the offer. */
export interface OneTimeLink {
  fileId: string;
  name: string;
  url: string;
  expiresAt: Date;
}

/**
 * Template data for the `download` card: a button for each file of the offer that still waits
 * (`waiting`, from the store), the one-time link of the file just pressed, if any, the files
 * already fetched or expired, and a notice.
 *
 * @example downloadCardData(offer, await downloads.waitingFor(person.id, fileIdsOf(offer)), { link })
 */
export function downloadCardData(offer: DownloadOffer, waiting: readonly { fileId: string; expiresAt: Date }[], shown: { link?: OneTimeLink; notice?: string } = {}) {
  const isWaiting = (fileId: string) => waiting.some((w) => w.fileId === fileId);
  const { link } = shown;
  return {
    title: offer.title,
    text: offer.text,
    offer,
    files: offer.files.filter((f) => isWaiting(f.fileId)).map((f) => ({ title: `Download ${f.label}`, fileId: f.fileId })),
    expires: waiting.length > 0 ? localWeekdayTime(Math.max(...waiting.map((w) => w.expiresAt.getTime()))) : '',
    gone: offer.files.filter((f) => !isWaiting(f.fileId)).map((f) => f.label).join(', '),
    hasLink: link !== undefined,
    link: link
      ? { label: offer.files.find((f) => f.fileId === link.fileId)?.label ?? link.name, name: link.name, url: link.url, expires: localWeekdayTime(link.expiresAt.getTime()) }
      : { label: '', name: '', url: '', expires: '' },
    notice: shown.notice ?? '',
  };
}

export const fileIdsOf = (offer: DownloadOffer): string[] => offer.files.map((f) => f.fileId);
