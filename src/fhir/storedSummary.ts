import { ACP_SUMMARY_VERSION, AcpSummarySchema, noName, type AcpSummary, type Contactpersoon } from './acpSummary.js';

/** A contact person as summaries before version 2 kept it: one name, one phone number, one address. */
interface ContactV1 {
  naam: string | null;
  relatie: string | null;
  telefoon: string | null;
  email: string | null;
  rollen?: string[];
}

const nameV1 = (naam: string | null) => ({ ...noName(), achternaam: naam });

function contactV1(contact: ContactV1 | null): Contactpersoon | null {
  if (!contact) return null;
  return {
    naam: nameV1(contact.naam),
    relatie: contact.relatie,
    rollen: contact.rollen ?? [],
    telefoons: contact.telefoon === null ? [] : [{ nummer: contact.telefoon, type: null, soort: null, toelichting: null }],
    emails: contact.email === null ? [] : [{ adres: contact.email, soort: null }],
  };
}

/**
 * A summary as stored, in today's shape. Records imported before version 2 are read as they
 * were: the whole name as achternaam, no time of the conversation, nobody recorded as present.
 * Null when the stored value is not a summary at all.
 */
export function readStoredSummary(stored: unknown): AcpSummary | null {
  const current = AcpSummarySchema.safeParse(stored);
  if (current.success) return current.data;
  const old = stored as Partial<Record<string, unknown>> & { gesprek?: { gevoerdDoor?: unknown } };
  if (typeof old !== 'object' || old === null || 'schemaVersie' in old || !old.gesprek) return null;
  const gesprek = old.gesprek as { gevoerdDoor: string | null; functie: string | null; datum: string | null };
  const upgraded = {
    ...old,
    schemaVersie: ACP_SUMMARY_VERSION,
    vragenlijst: null,
    gesprek: { ...gesprek, gevoerdDoor: nameV1(gesprek.gevoerdDoor), tijdstip: null },
    inBijzijnVan: { patient: false, rollen: [], relaties: [] },
    wettelijkVertegenwoordiger: contactV1(old.wettelijkVertegenwoordiger as ContactV1 | null),
    eersteContactpersoon: contactV1(old.eersteContactpersoon as ContactV1 | null),
  };
  const parsed = AcpSummarySchema.safeParse(upgraded);
  return parsed.success ? parsed.data : null;
}
