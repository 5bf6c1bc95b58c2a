/** CacheService: string caches that expire on the emulated clock, with Apps Script's limits. */
import { service } from '../support';
import { byteLength, type Host } from './host';

export const MAX_CACHE_KEY_CHARS = 250;
export const MAX_CACHE_VALUE_BYTES = 100 * 1024;
export const MAX_CACHE_ITEMS = 1000;
const DEFAULT_EXPIRY_S = 600;
const MAX_EXPIRY_S = 21600;

export type CacheStore = Map<string, { value: string; expiresAt: number }>;

class Cache {
  constructor(private readonly store: CacheStore, private readonly host: Host) {}

  private key(key: unknown): string {
    if (key === null || key === undefined || key === '') throw new Error('Invalid argument: key');
    const k = String(key);
    if (k.length > MAX_CACHE_KEY_CHARS) throw new Error('Argument too large: key');
    return k;
  }

  private expiry(seconds: unknown): number {
    if (seconds === undefined || seconds === null) return DEFAULT_EXPIRY_S;
    const s = Number(seconds);
    if (!Number.isFinite(s) || s < 1) throw new Error('Invalid argument: expirationInSeconds');
    return Math.min(s, MAX_EXPIRY_S);
  }

  private set(key: string, value: unknown, seconds: number): void {
    const v = String(value);
    if (byteLength(v) > MAX_CACHE_VALUE_BYTES) throw new Error('Argument too large: value');
    // A cache holds at most 1,000 items: a new one pushes out the oldest (expired ones go first).
    this.store.delete(key);
    if (this.store.size >= MAX_CACHE_ITEMS) {
      const now = this.host.nowMs();
      for (const [k, e] of this.store) if (e.expiresAt <= now) this.store.delete(k);
      while (this.store.size >= MAX_CACHE_ITEMS) this.store.delete(this.store.keys().next().value as string);
    }
    this.store.set(key, { value: v, expiresAt: this.host.nowMs() + seconds * 1000 });
  }

  get(key: string): string | null {
    const k = this.key(key);
    const hit = this.store.get(k);
    if (!hit) return null;
    if (hit.expiresAt <= this.host.nowMs()) {
      this.store.delete(k);
      return null;
    }
    return hit.value;
  }
  getAll(keys: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of keys) {
      const v = this.get(key);
      if (v !== null) out[String(key)] = v;
    }
    return out;
  }
  put(key: string, value: unknown, expirationInSeconds?: number): void {
    this.set(this.key(key), value, this.expiry(expirationInSeconds));
  }
  putAll(values: Record<string, unknown>, expirationInSeconds?: number): void {
    const s = this.expiry(expirationInSeconds);
    for (const [k, v] of Object.entries(values)) this.set(this.key(k), v, s);
  }
  remove(key: string): void {
    this.store.delete(this.key(key));
  }
  removeAll(keys: string[]): void {
    for (const k of keys) this.remove(k);
  }
}

/** Every cache of the project; `evictAll` is the platform dropping entries before they expire. */
export class CacheStores {
  readonly script: CacheStore = new Map();
  readonly document: CacheStore = new Map();
  readonly users = new Map<string, CacheStore>();

  evictAll(): void {
    this.script.clear();
    this.document.clear();
    for (const s of this.users.values()) s.clear();
  }
}

export function createCacheService(host: Host, stores: CacheStores = new CacheStores()): GoogleAppsScript.Cache.CacheService {
  const wrap = (store: CacheStore) => service('Cache', new Cache(store, host), host.count);
  return service(
    'CacheService',
    {
      getScriptCache: () => wrap(stores.script),
      getDocumentCache: () => wrap(stores.document),
      getUserCache: () => {
        const email = host.activeUserEmail() || host.effectiveUserEmail();
        let s = stores.users.get(email);
        if (!s) stores.users.set(email, (s = new Map()));
        return wrap(s);
      },
    },
    host.count,
  ) as unknown as GoogleAppsScript.Cache.CacheService;
}
