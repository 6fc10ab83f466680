import type { OfferStep } from './consult.js';
import type { NetworkDirectory } from './directory.js';

/**
 * The offer plan for a sub-region: its consultation team's primaries first, then the backups
 * together. The plan is stored with the consult, so a roster edit does not change a running offer.
 */
export function offerPlanFor(subRegionId: string, directory: NetworkDirectory): OfferStep[] {
  const team = directory.consultationTeamFor(subRegionId);
  if (!team) return [];
  const primaries = team.members.filter((m) => m.position === 'primary').map((m) => m.personId);
  const backups = team.members.filter((m) => m.position === 'backup').map((m) => m.personId);
  const steps: OfferStep[] = primaries.map((personId) => ({ label: `${team.name}, dienstdoende`, personIds: [personId] }));
  if (backups.length > 0) steps.push({ label: `${team.name}, achterwacht`, personIds: backups });
  return steps;
}
