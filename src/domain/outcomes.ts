import { TZDate } from '@date-fns/tz';
import { z } from 'zod/v4';
import { TIME_ZONE } from './calendar.js';
import type { ContactLogEntry } from './contactLog.js';
import type { ReportingPeriod } from './reportingPeriod.js';

/**
 * Outcome registration and the KPIs the contact log can feed (000:3415-3422, 4084-4176). A death
 * is registered by the regiebehandelaar or a coordinator; with the ACP and the contact log it
 * gives the figures below. Each definition is written next to its figure, with its source line.
 */

export const DEATH_PLACES = ['thuis', 'hospice', 'verpleeghuis', 'ziekenhuis', 'anders', 'onbekend'] as const;
export type DeathPlace = (typeof DEATH_PLACES)[number];

export const DeathInputSchema = z.object({
  dateOfDeath: z.iso.date('Vul de datum van overlijden in.'),
  place: z.enum(DEATH_PLACES, 'Kies de plaats van overlijden.'),
  notUnexpected: z.enum(['ja', 'nee'], 'Geef aan of het overlijden niet-onverwacht was.').transform((v) => v === 'ja'),
});

export interface DeathRecord {
  patientRef: string;
  regionId: string;
  dateOfDeath: string;
  place: DeathPlace;
  notUnexpected: boolean;
  recordedBy: string;
  recordedAt: string;
}

/** What the ACP says that the KPIs need; undefined when the patient has no ACP in the bot. */
export interface AcpFacts {
  /** The PZP says dying in hospital is unwanted (no hospital admission, or another place of death wished). */
  hospitalUnwanted: boolean | undefined;
}

export interface Ratio {
  numerator: number;
  denominator: number;
  definition: string;
}

export interface KpiFigures {
  deaths: number;
  notUnexpected: number;
  placeUnknown: number;
  withAcp: Ratio;
  hospitalDeathUnwanted: Ratio;
  specialistInvolved: (Ratio & { days: number })[];
  anwContactsLast30Days: { contacts: number; patients: number; definition: string };
}

const DAY_MS = 86_400_000;
const endOfLocalDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d + 1, 0, 0, TIME_ZONE).getTime();
};

export function kpiFigures(input: {
  period: ReportingPeriod;
  deaths: readonly DeathRecord[];
  acpFor: (patientRef: string) => AcpFacts | undefined;
  contacts: readonly ContactLogEntry[];
}): KpiFigures {
  const inPeriod = input.deaths.filter((d) => {
    const t = endOfLocalDay(d.dateOfDeath) - 1;
    return t >= input.period.start && t < input.period.end;
  });
  const notUnexpected = inPeriod.filter((d) => d.notUnexpected);
  const knownPlace = notUnexpected.filter((d) => d.place !== 'onbekend');
  const contactsOf = new Map<string, ContactLogEntry[]>();
  for (const contact of input.contacts) contactsOf.set(contact.patientRef, [...(contactsOf.get(contact.patientRef) ?? []), contact]);
  const within = (death: DeathRecord, days: number, contact: ContactLogEntry) => {
    const end = endOfLocalDay(death.dateOfDeath);
    const t = Date.parse(contact.recordedAt);
    return t < end && t >= end - days * DAY_MS;
  };

  return {
    deaths: inPeriod.length,
    notUnexpected: notUnexpected.length,
    placeUnknown: notUnexpected.length - knownPlace.length,
    withAcp: {
      numerator: notUnexpected.filter((d) => input.acpFor(d.patientRef)).length,
      denominator: notUnexpected.length,
      definition: 'KPI 23 (000:4096): niet-onverwacht overledenen in de periode met een PZP (ACP) in de bot, gedeeld door alle niet-onverwacht overledenen in de periode.',
    },
    hospitalDeathUnwanted: {
      numerator: knownPlace.filter((d) => d.place === 'ziekenhuis' && input.acpFor(d.patientRef)?.hospitalUnwanted === true).length,
      denominator: knownPlace.length,
      definition:
        'KPI 19/28 (000:4084, 4160): niet-onverwacht overledenen die in het ziekenhuis overleden terwijl het PZP dat ongewenst noemde (geen ziekenhuisopname, of een andere gewenste plek van overlijden), gedeeld door de niet-onverwacht overledenen met bekende plaats van overlijden.',
    },
    specialistInvolved: [30, 91, 182, 365].map((days) => ({
      days,
      numerator: notUnexpected.filter((d) => (contactsOf.get(d.patientRef) ?? []).some((c) => within(d, days, c))).length,
      denominator: notUnexpected.length,
      definition: `% patiënten waarbij een specialist PZ is ingezet (000:3415): niet-onverwacht overledenen met minstens één contact van een specialist PZ in de ${days} dagen voor overlijden, gedeeld door alle niet-onverwacht overledenen.`,
    })),
    anwContactsLast30Days: {
      contacts: notUnexpected.reduce((sum, d) => sum + (contactsOf.get(d.patientRef) ?? []).filter((c) => c.period === 'anw' && within(d, 30, c)).length, 0),
      patients: notUnexpected.length,
      definition:
        'Benadering van KPI 29 (000:4172): contacten van specialisten PZ in ANW-uren in de 30 dagen voor overlijden, per niet-onverwacht overleden patiënt. HAP-contacten zelf staan niet in de bot.',
    },
  };
}
