import { contactOf, freeText, fullName, noName, withoutFirstContactRole, type AcpSummary, type Contactpersoon, type Email, type Naam, type Telefoon } from './acpSummary.js';
import { RELATIE_LABELS, ROL_LABELS, isPlainObject, type JsonObject } from './acpCodes.js';
import { codingsOf, concepts, extension, list, objects, str, type BundleIndex } from './bundleIndex.js';

/** Names, phone numbers and e-mail addresses of the people in a PZP Bundle (nl-core HumanName, ContactPoint). */

const CONTACT_ROLE_SYSTEM = 'urn:oid:2.16.840.1.113883.2.4.3.11.22.472';

const ownPart = (family: unknown, part: 'own-prefix' | 'own-name'): string | undefined =>
  str(extension(family, `humanname-${part}`)?.valueString);

/**
 * The name in the form's parts. nl-core puts the own surname and its prefix in extensions on
 * family ('van der' + 'Sluijs'); without them the family name is kept whole as achternaam.
 */
export function nameOf(resource: JsonObject | null, warnings: string[], where: string): Naam {
  const names = resource ? concepts(resource.name) : [];
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return noName();
  const given = list(name.given).filter((part): part is string => typeof part === 'string' && part !== '');
  const family = isPlainObject(name._family) ? name._family : undefined;
  const [prefix, own] = [ownPart(family, 'own-prefix'), ownPart(family, 'own-name')];
  // Split only when the parts make up the whole family name; a partner's name keeps it whole.
  const split = own !== undefined && [own, `${prefix} ${own}`].includes(str(name.family) ?? own);
  const clean = (value: string | undefined) => freeText(value, warnings, where);
  if (given.length === 0 && !str(name.family) && str(name.text)) return { voornamen: null, voorvoegsels: null, achternaam: clean(str(name.text)) };
  return {
    voornamen: clean(given.length > 0 ? given.join(' ') : undefined),
    voorvoegsels: clean(split ? prefix : undefined),
    achternaam: clean(split ? own : str(name.family)),
  };
}

/** FHIR telecom as the form's phone and e-mail rows; the nl-core code specification gives the type. */
function telecomsOf(resource: JsonObject, warnings: string[], where: string): Pick<Contactpersoon, 'telefoons' | 'emails'> {
  const all = objects(resource.telecom).filter((t) => str(t.value));
  const soort = (use: unknown) => ({ home: 'HP', work: 'WP', temp: 'TMP' } as const)[String(use) as 'home'] ?? null;
  const telefoons = all.filter((t) => ['phone', 'fax', 'pager'].includes(String(t.system))).map((t): Telefoon => {
    const specified = codingsOf(extension(t._system, 'ext-CodeSpecification')?.valueCodeableConcept)[0]?.code;
    const type = t.system === 'fax' ? 'FAX' : t.system === 'pager' ? 'PG' : specified === 'MC' || t.use === 'mobile' ? 'MC' : specified === 'LL' ? 'LL' : null;
    return { nummer: freeText(t.value, warnings, where), type, soort: soort(t.use), toelichting: null };
  });
  const emailSoort = (use: unknown) => ({ home: 'HP', work: 'WP' } as const)[String(use) as 'home'] ?? null;
  const emails = all.filter((t) => t.system === 'email').map((t): Email => ({ adres: freeText(t.value, warnings, where), soort: emailSoort(t.use) }));
  return { telefoons, emails };
}

function personOf(resource: JsonObject, warnings: string[], where: string): { roleCodes: string[]; summary: Contactpersoon } {
  const codings = codingsOf(resource.relationship);
  const roles = codings.filter((c) => c.system === CONTACT_ROLE_SYSTEM || c.code === '310141000146103');
  const relation = codings.find((c) => !roles.includes(c));
  const relationLabel = relation ? ((relation.code && RELATIE_LABELS[relation.code]) ?? relation.display ?? relation.code) : null;
  return {
    roleCodes: roles.flatMap((c) => c.code ?? []),
    summary: {
      naam: nameOf(resource, warnings, where),
      relatie: freeText(relationLabel, warnings, where),
      rollen: roles.map((c) => (c.code && ROL_LABELS[c.code]) ?? c.display ?? c.code ?? 'Anders'),
      ...telecomsOf(resource, warnings, where),
    },
  };
}

export function importPeople(index: BundleIndex, patient: JsonObject, summary: AcpSummary, warnings: string[]): void {
  const related = index.ofType('RelatedPerson').map((r) => personOf(r, warnings, 'een contactpersoon'));
  // The IG keeps contact persons in RelatedPerson; Patient.contact is only an optional copy.
  const people = related.some((p) => p.roleCodes.includes('24')) ? related : [...related, ...objects(patient.contact).map((c) => personOf(c, warnings, 'Patient.contact'))];
  const representatives = people.filter((p) => p.roleCodes.includes('24'));
  const [representative] = representatives;
  const firstContact = people.find((p) => p.roleCodes.includes('01'));
  if (representatives.length > 1) warnings.push(`De Bundle noemt ${representatives.length} wettelijk vertegenwoordigers; alleen de eerste is overgenomen.`);
  summary.wettelijkVertegenwoordiger = representative?.summary ?? null;
  summary.vertegenwoordigerIsEersteContactpersoon = !firstContact ? 'onbekend' : firstContact === representative ? 'ja' : 'nee';
  summary.eersteContactpersoon = firstContact === representative ? contactOf(representative?.summary ?? null) : firstContact ? contactOf(withoutFirstContactRole(firstContact.summary)) : null;
  for (const other of related.filter((p) => p !== representative && p !== firstContact)) {
    const { naam, relatie, rollen } = other.summary;
    warnings.push(`Contactpersoon ${fullName(naam) ?? '(zonder naam)'} (${[relatie, ...rollen].filter(Boolean).join(', ')}) is geen wettelijk vertegenwoordiger of eerste contactpersoon en staat niet in de samenvatting.`);
  }
}
