import { asCoding, isPlainObject, type Coding, type JsonObject } from './acpCodes.js';

/** Reading FHIR JSON of unknown shape, and finding resources in a Bundle by reference. */

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const objects = (value: unknown): JsonObject[] => list(value).filter(isPlainObject);
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
export const concepts = (value: unknown): JsonObject[] => (isPlainObject(value) ? [value] : objects(value));
export const codingsOf = (value: unknown): Coding[] => concepts(value).flatMap((concept) => objects(concept.coding).flatMap((c) => asCoding(c) ?? []));
export const firstCoding = (value: unknown): Coding | null => {
  const concept = concepts(value)[0];
  const coding = codingsOf(concept)[0] ?? null;
  const text = str(concept?.text);
  return coding ? { ...coding, display: coding.display ?? text } : text ? { display: text } : null;
};
export const extension = (resource: unknown, urlEnd: string, key = 'extension'): JsonObject | undefined =>
  isPlainObject(resource) ? objects(resource[key]).find((ext) => str(ext.url)?.endsWith(urlEnd)) : undefined;
export const hasCode = (value: unknown, code: string): boolean => codingsOf(value).some((coding) => coding.code === code);

export class BundleIndex {
  private readonly byKey = new Map<string, JsonObject>();
  readonly resources: JsonObject[] = [];

  constructor(bundle: JsonObject) {
    for (const entry of objects(bundle.entry)) {
      const resource = entry.resource;
      if (!isPlainObject(resource) || !str(resource.resourceType)) continue;
      this.resources.push(resource);
      if (str(entry.fullUrl)) this.byKey.set(entry.fullUrl as string, resource);
      if (str(resource.id)) this.byKey.set(`${resource.resourceType as string}/${resource.id as string}`, resource);
    }
  }

  ofType(type: string): JsonObject[] {
    return this.resources.filter((resource) => resource.resourceType === type);
  }

  /** Absolute, relative ('Patient/x') and urn:uuid references to resources in this Bundle. */
  resolve(reference: unknown): JsonObject | null {
    const ref = isPlainObject(reference) ? str(reference.reference) : undefined;
    if (!ref) return null;
    const relative = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref)?.[1];
    return this.byKey.get(ref) ?? (relative ? this.byKey.get(relative) : undefined) ?? null;
  }
}
