import type { Kernteam } from './mdoSeries.js';
import type { ConsultationTeam, Organisation, Person, Region, SubRegion } from './network.js';

/** Read-only look-ups over all configured regions, built once at start-up. */
export class NetworkDirectory {
  private readonly peopleById = new Map<string, Person>();
  private readonly peopleByAadObjectId = new Map<string, Person>();
  private readonly organisationsById = new Map<string, Organisation>();
  private readonly subRegionsById = new Map<string, { subRegion: SubRegion; region: Region }>();
  private readonly regionByPersonId = new Map<string, Region>();
  private readonly kernteamsById = new Map<string, Kernteam>();

  constructor(readonly regions: readonly Region[]) {
    for (const region of regions) {
      for (const person of region.people) {
        this.peopleById.set(person.id, person);
        this.peopleByAadObjectId.set(person.aadObjectId.toLowerCase(), person);
        this.regionByPersonId.set(person.id, region);
      }
      for (const organisation of region.organisations) this.organisationsById.set(organisation.id, organisation);
      for (const subRegion of region.subRegions) this.subRegionsById.set(subRegion.id, { subRegion, region });
      for (const kernteam of region.kernteams) this.kernteamsById.set(kernteam.id, kernteam);
    }
  }

  person(personId: string): Person | undefined {
    return this.peopleById.get(personId);
  }

  personByAadObjectId(aadObjectId: string | undefined): Person | undefined {
    return aadObjectId ? this.peopleByAadObjectId.get(aadObjectId.toLowerCase()) : undefined;
  }

  organisation(organisationId: string): Organisation | undefined {
    return this.organisationsById.get(organisationId);
  }

  subRegion(subRegionId: string): SubRegion | undefined {
    return this.subRegionsById.get(subRegionId)?.subRegion;
  }

  regionOfSubRegion(subRegionId: string): Region | undefined {
    return this.subRegionsById.get(subRegionId)?.region;
  }

  /** The network coordinators of a region: who hears of what the bot could not do by itself. */
  coordinatorsOf(regionId: string): Person[] {
    return this.regions.find((region) => region.id === regionId)?.people.filter((person) => person.role === 'coordinator') ?? [];
  }

  regionOfPerson(personId: string): Region | undefined {
    return this.regionByPersonId.get(personId);
  }

  /** The sub-regions a person may choose from on the consult form: those of their own region. */
  subRegionsFor(personId: string): SubRegion[] {
    return this.regionOfPerson(personId)?.subRegions ?? [];
  }

  /** The sub-region whose PC4 ranges contain this postcode ("6131 AB" and "6131" both work). */
  subRegionForPostcode(postcode: string): SubRegion | undefined {
    const digits = Number.parseInt(postcode.slice(0, 4), 10);
    if (Number.isNaN(digits)) return undefined;
    for (const { subRegion } of this.subRegionsById.values()) {
      if (subRegion.postcodes.some((range) => digits >= range.from && digits <= range.to)) return subRegion;
    }
    return undefined;
  }

  /** The sub-region a requester's practice lies in, used to pre-fill the consult form. */
  homeSubRegionOf(person: Person): SubRegion | undefined {
    const organisation = this.organisation(person.organisationId);
    return organisation ? this.subRegionForPostcode(organisation.postcode) : undefined;
  }

  consultationTeamFor(subRegionId: string): ConsultationTeam | undefined {
    return this.regionOfSubRegion(subRegionId)?.consultationTeams.find((team) => team.subRegionId === subRegionId);
  }

  kernteam(kernteamId: string): Kernteam | undefined {
    return this.kernteamsById.get(kernteamId);
  }

  get kernteams(): Kernteam[] {
    return [...this.kernteamsById.values()];
  }

  /** The kernteams this person is a member of. */
  kernteamsOf(personId: string): Kernteam[] {
    return this.kernteams.filter((kernteam) => kernteam.members.includes(personId));
  }
}
