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
  /** Where the patient was cared for: the consult's sub-region, or the registering GP's. Absent in older registrations. */
  subRegionId?: string;
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
  /** The date the PZP conversation was held (YYYY-MM-DD), when the ACP records a full date. */
  conversationDate: string | undefined;
}

/**
 * The seed's own words for each figure, so the card and the export can quote them, and the line
 * they stand on in 000_f93fa8dbd995aeb2.txt, so a reader of the code can trace each definition
 * back to the plan. Users see the words only: a line reference means nothing to a coordinator.
 */
export const SEED = {
  kpi19: { line: '000:4084', text: 'De fractie niet-onverwacht overleden patiënten die in Q1 2026 in het ziekenhuis overleed terwijl dat volgens het PZP ongewenst was is kleiner dan 15%.' },
  kpi23: {
    line: '000:4096',
    text: 'Voor tenminste 40% van het aantal niet onverwacht overledenen in Q3 2026 is er een individueel zorgplan met aandacht voor proactieve zorgplanning en de vier dimensies van palliatieve zorg, incl. zorg voor naasten. (Hiertoe wordt het aantal zorgplannen voor palliatieve patiënten in Q3 2026 gedeeld door het aantal niet-onverwacht overledenen in Q3 2026.)',
  },
  kpi28: { line: '000:4160', text: 'De fractie niet-onverwacht overleden patiënten die in Q1 2027 in het ziekenhuis overleed terwijl dat volgens het PZP ongewenst was is kleiner dan 12,5%.' },
  kpi29: {
    line: '000:4172',
    text: 'Het aantal consulten en visites HAP-ANW per patiënt in de laatste 30 dagen voor overlijden bij patiënten die in Q1 2027 niet-onverwacht overleden is 30% afgenomen t.o.v. Q1 2024.',
  },
  involvement: { line: '000:3415', text: '% patiënten waarbij een specialist PZ is ingezet en absolute inzet van specialisten PZ.' },
  telephone: { line: '000:3418', text: '# telefonische consultaties specialisten PZ.' },
  bedside: { line: '000:3420', text: '# bed-side consultaties specialisten PZ.' },
  regiefunctie: { line: '000:3422', text: '# declaraties "regiefunctie complexe PZ".' },
} as const;

/** Windows before death for specialist involvement: 30 days, 3, 6 and 12 months, as the seed's other monitoring figures (000:3458). */
export const INVOLVEMENT_WINDOWS = [30, 91, 182, 365] as const;

export interface KpiFigures {
  /** Deaths in the period in the scope. */
  deaths: number;
  notUnexpected: number;
  /** Non-unexpected deaths whose place is unknown: in the denominator of KPI 19/28, never in its numerator. */
  placeUnknown: number;
  /** Deaths in the period in the region that no sub-region could be found for; counted only region-wide. */
  withoutSubRegion: number;
  /** KPI 19/28: hospital deaths the PZP called unwanted; the denominator is `notUnexpected`. */
  hospitalDeathUnwanted: number;
  /**
   * Not KPI 23 (its numerator, care plans with attention to PZP and the four dimensions, is not
   * recorded): PZP conversations held in the period of patients in the scope, per non-unexpected death.
   */
  acpConversations: number;
  /** Non-unexpected deaths by the window before death of the patient's last specialist PZ contact (a partition). */
  involvement: { firstWithin: number; count: number }[];
  notInvolved: number;
  anwContactsLast30Days: number;
}

const DAY_MS = 86_400_000;
const endOfLocalDay = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d + 1, 0, 0, TIME_ZONE).getTime();
};

/**
 * The KPIs for one scope and period, from deaths, ACPs and the contact log, each as the seed
 * defines it. A death belongs to the scope by its sub-region; an older registration without one
 * takes the sub-region of the patient's latest contact.
 */
export function kpiFigures(input: {
  period: ReportingPeriod;
  subRegionIds: readonly string[];
  /** The scope is the whole region: deaths without a sub-region count too. */
  regionWide: boolean;
  deaths: readonly DeathRecord[];
  acpFor: (patientRef: string) => AcpFacts | undefined;
  contacts: readonly ContactLogEntry[];
}): KpiFigures {
  const scope = new Set(input.subRegionIds);
  const contactsOf = new Map<string, ContactLogEntry[]>();
  for (const contact of [...input.contacts].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))) {
    contactsOf.set(contact.patientRef, [...(contactsOf.get(contact.patientRef) ?? []), contact]);
  }
  const inPeriod = (t: number) => t >= input.period.start && t < input.period.end;
  const subRegionOf = (death: DeathRecord) => death.subRegionId ?? contactsOf.get(death.patientRef)?.at(-1)?.subRegionId;
  const diedInPeriod = input.deaths.filter((d) => inPeriod(endOfLocalDay(d.dateOfDeath) - 1));
  const inScope = diedInPeriod.filter((d) => {
    const subRegionId = subRegionOf(d);
    return subRegionId === undefined ? input.regionWide : scope.has(subRegionId);
  });
  const notUnexpected = inScope.filter((d) => d.notUnexpected);
  /** Days from the patient's last contact before death to the end of the day of death. */
  const lastContactDays = (death: DeathRecord) => {
    const end = endOfLocalDay(death.dateOfDeath);
    const before = (contactsOf.get(death.patientRef) ?? []).filter((c) => Date.parse(c.occurredAt) < end);
    const last = before.at(-1);
    return last ? (end - Date.parse(last.occurredAt)) / DAY_MS : undefined;
  };
  const windowOf = (death: DeathRecord) => {
    const days = lastContactDays(death);
    return days === undefined ? undefined : INVOLVEMENT_WINDOWS.find((w) => days <= w);
  };
  const scopePatients = new Set([...input.contacts.filter((c) => scope.has(c.subRegionId)).map((c) => c.patientRef), ...inScope.map((d) => d.patientRef)]);
  const conversationIn = (ref: string) => {
    const date = input.acpFor(ref)?.conversationDate;
    return date !== undefined && inPeriod(endOfLocalDay(date) - 1);
  };
  return {
    deaths: inScope.length,
    notUnexpected: notUnexpected.length,
    placeUnknown: notUnexpected.filter((d) => d.place === 'onbekend').length,
    withoutSubRegion: diedInPeriod.filter((d) => subRegionOf(d) === undefined).length,
    hospitalDeathUnwanted: notUnexpected.filter((d) => d.place === 'ziekenhuis' && input.acpFor(d.patientRef)?.hospitalUnwanted === true).length,
    acpConversations: [...scopePatients].filter(conversationIn).length,
    involvement: INVOLVEMENT_WINDOWS.map((w) => ({ firstWithin: w, count: notUnexpected.filter((d) => windowOf(d) === w).length })),
    notInvolved: notUnexpected.filter((d) => windowOf(d) === undefined).length,
    anwContactsLast30Days: notUnexpected.reduce((sum, d) => {
      const end = endOfLocalDay(d.dateOfDeath);
      return sum + (contactsOf.get(d.patientRef) ?? []).filter((c) => c.period === 'anw' && Date.parse(c.occurredAt) < end && Date.parse(c.occurredAt) >= end - 30 * DAY_MS).length;
    }, 0),
  };
}
