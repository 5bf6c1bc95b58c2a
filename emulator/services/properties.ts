/** PropertiesService: string-only key/value stores with Apps Script's size limits. */
import { service } from '../support';
import { byteLength, type Host } from './host';

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

export class PropertyStore {
  readonly data = new Map<string, string>();

  constructor(initial?: Record<string, string>) {
    for (const [k, v] of Object.entries(initial ?? {})) this.data.set(k, String(v));
  }

  size(without?: string): number {
    let n = 0;
    for (const [k, v] of this.data) if (k !== without) n += byteLength(k) + byteLength(v);
    return n;
  }

  toObject(): Record<string, string> {
    return Object.fromEntries(this.data);
  }
}

function checkKey(key: unknown): string {
  if (key === null || key === undefined || key === '') throw new Error('Invalid argument: key');
  return String(key);
}

class Properties {
  constructor(private readonly store: PropertyStore) {}

  private put(entries: Array<[string, string]>, replaceAll: boolean): void {
    const next = new Map(replaceAll ? [] : this.store.data);
    for (const [k, v] of entries) {
      if (byteLength(v) > MAX_PROPERTY_VALUE_BYTES) throw new Error('Argument too large: value');
      next.set(k, v);
    }
    let total = 0;
    for (const [k, v] of next) total += byteLength(k) + byteLength(v);
    if (total > MAX_PROPERTY_STORE_BYTES) {
      throw new Error('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.store.data.clear();
    for (const [k, v] of next) this.store.data.set(k, v);
  }

  getProperty(key: string): string | null {
    return this.store.data.get(checkKey(key)) ?? null;
  }
  setProperty(key: string, value: unknown): this {
    this.put([[checkKey(key), String(value)]], false);
    return this;
  }
  setProperties(properties: Record<string, unknown>, deleteAllOthers?: boolean): this {
    if (!properties || typeof properties !== 'object') throw new Error('Invalid argument: properties');
    this.put(Object.entries(properties).map(([k, v]) => [checkKey(k), String(v)]), !!deleteAllOthers);
    return this;
  }
  getProperties(): Record<string, string> {
    return this.store.toObject();
  }
  getKeys(): string[] {
    return [...this.store.data.keys()];
  }
  deleteProperty(key: string): this {
    this.store.data.delete(checkKey(key));
    return this;
  }
  deleteAllProperties(): this {
    this.store.data.clear();
    return this;
  }
}

export interface PropertyStores {
  script: PropertyStore;
  document: PropertyStore;
  /** One store per user email. */
  user(email: string): PropertyStore;
}

/**
 * The stores of one installation. `sharedScript`: the Script Properties of another installation of the
 * same published add-on (every installation shares them); initial Script Properties are added to it.
 */
export function makePropertyStores(initialScript?: Record<string, string>, initialDocument?: Record<string, string>, sharedScript?: PropertyStore): PropertyStores {
  const users = new Map<string, PropertyStore>();
  const script = sharedScript ?? new PropertyStore();
  for (const [k, v] of Object.entries(initialScript ?? {})) script.data.set(k, String(v));
  return {
    script,
    document: new PropertyStore(initialDocument),
    user(email) {
      let s = users.get(email);
      if (!s) users.set(email, (s = new PropertyStore()));
      return s;
    },
  };
}

export function createPropertiesService(host: Host, stores: PropertyStores): GoogleAppsScript.Properties.PropertiesService {
  const wrap = (store: PropertyStore) => service('Properties', new Properties(store), host.count);
  return service(
    'PropertiesService',
    {
      getScriptProperties: () => wrap(stores.script),
      getDocumentProperties: () => wrap(stores.document),
      getUserProperties: () => wrap(stores.user(host.activeUserEmail() || host.effectiveUserEmail())),
    },
    host.count,
  ) as unknown as GoogleAppsScript.Properties.PropertiesService;
}
