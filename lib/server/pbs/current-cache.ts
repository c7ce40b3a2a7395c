import "server-only";
import { createHash } from "node:crypto";
import type { TCurrentJson } from "@/lib/phonebook/artifact-names";
import type { StorageAdapter } from "@/lib/server/storage/storage-adapter";
import { readCurrentJson } from "@/lib/server/versions/stored-version";
import { env } from "@/lib/env";

/** Thrown when an artifact named by current.json is missing or does not match its sha256. */
export class PbsArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PbsArtifactError";
  }
}

export type TPbsCacheOptions = {
  storage: StorageAdapter;
  /** How long a current.json stays fresh (default PBS_CACHE_SECONDS, else 2 s). */
  ttlMs?: number;
  /** How long "no such phone book" is remembered (default min(ttl, 1 s)). */
  negativeTtlMs?: number;
  /** Byte budget of the artifact cache (default PBS_ARTIFACT_CACHE_MB, else 64 MB). */
  artifactBudgetBytes?: number;
  /** Most (org, PB) entries kept; random names cannot grow the cache past it (default 10,000). */
  maxEntries?: number;
  now?: () => number;
  log?: (line: string) => void;
};

type TEntry = { value: TCurrentJson | null; expiresAt: number; loading: Promise<TCurrentJson | null> | null };
/** An artifact's bytes plus per-artifact data the response builder derives once (headers). */
export type TArtifactEntry = { bytes: Buffer; sha256: string; tick: number; extra: Map<string, unknown> };

export type TPbsCache = {
  readonly storage: StorageAdapter;
  /** current.json of (org, PB) from the cache; loads it on a miss (one load per key at a time). */
  loadCurrent: (orgSlug: string, pbKeyUpper: string) => Promise<TCurrentJson | null>;
  /** Bytes of an immutable artifact, checked against its sha256 once, then kept within the budget. */
  getArtifact: (key: string, sha256: string) => Promise<TArtifactEntry>;
  /** Forgets the cached current.json of one phone book (after a publish or a delete). */
  invalidate: (orgSlug: string, pbKeyUpper: string) => void;
  stats: () => { entries: number; artifacts: number; artifactBytes: number; loads: number; artifactLoads: number };
};

/**
 * A cache in front of the storage for the PBS endpoint. current.json is kept `ttlMs` per
 * (org, PB); once stale it is still answered while one background reload runs (and kept when
 * that reload fails, so a storage outage keeps serving the last known version). Misses are
 * single-flight, unknown phone books are cached briefly, and artifacts (immutable) are kept
 * by least-recent use within a byte budget.
 */
export function createPbsCache(options: TPbsCacheOptions): TPbsCache {
  const { storage } = options;
  const ttl = options.ttlMs ?? env().PBS_CACHE_SECONDS * 1000;
  const negativeTtl = options.negativeTtlMs ?? Math.min(ttl, 1000);
  const budget = options.artifactBudgetBytes ?? env().PBS_ARTIFACT_CACHE_MB * 1024 * 1024;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.error(line));
  const entries = new Map<string, TEntry>();
  const artifacts = new Map<string, TArtifactEntry>();
  const artifactLoads = new Map<string, Promise<TArtifactEntry>>();
  let artifactBytes = 0;
  let tick = 0;
  let loads = 0;
  let artifactLoadCount = 0;

  const read = async (orgSlug: string, pb: string): Promise<TCurrentJson | null> => {
    loads += 1;
    const stored = await readCurrentJson(storage, orgSlug, pb);
    if (!stored) return null;
    if (!stored.current) throw new Error(`current.json of ${orgSlug}/${pb} is invalid: ${stored.error}`);
    return stored.current;
  };

  const trim = (): void => {
    if (entries.size <= maxEntries) return;
    const t = now();
    for (const [key, entry] of entries) if (!entry.loading && entry.expiresAt <= t) entries.delete(key);
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries) break;
      if (!entry.loading && entry.value === null) entries.delete(key);
    }
    for (const [key, entry] of entries) {
      if (entries.size <= maxEntries) break;
      if (!entry.loading) entries.delete(key);
    }
  };

  const reload = (key: string, orgSlug: string, pb: string, entry: TEntry): Promise<TCurrentJson | null> => {
    const loading = read(orgSlug, pb).then(
      (value) => {
        if (entries.get(key) === entry) {
          entry.value = value;
          entry.expiresAt = now() + (value ? ttl : negativeTtl);
          entry.loading = null;
        }
        return value;
      },
      (error: unknown) => {
        if (entries.get(key) === entry) {
          entry.loading = null;
          // Keep a stale value through an outage; retry after one TTL.
          if (entry.value) entry.expiresAt = now() + ttl;
          else entries.delete(key);
        }
        throw error;
      },
    );
    entry.loading = loading;
    return loading;
  };

  const loadCurrent = (orgSlug: string, pb: string): Promise<TCurrentJson | null> => {
    const key = `${orgSlug}/${pb}`;
    let entry = entries.get(key);
    if (entry) {
      if (entry.loading) return entry.value ? Promise.resolve(entry.value) : entry.loading;
      if (entry.expiresAt > now()) return Promise.resolve(entry.value);
      if (entry.value) {
        const stale = entry.value;
        reload(key, orgSlug, pb, entry).catch((error: unknown) => log(`[pbs] reloading ${key} failed: ${(error as Error).message}`));
        return Promise.resolve(stale);
      }
    }
    entry = { value: null, expiresAt: 0, loading: null };
    entries.set(key, entry);
    trim();
    return reload(key, orgSlug, pb, entry);
  };

  const evict = (): void => {
    if (artifactBytes <= budget) return;
    const byAge = [...artifacts.entries()].sort((a, b) => a[1].tick - b[1].tick);
    for (const [key, entry] of byAge) {
      if (artifactBytes <= budget) break;
      artifacts.delete(key);
      artifactBytes -= entry.bytes.length;
    }
  };

  const fetchArtifact = async (key: string, sha256: string): Promise<TArtifactEntry> => {
    artifactLoadCount += 1;
    const bytes = await storage.get(key);
    if (!bytes) throw new PbsArtifactError(`Artifact ${key} is missing from the storage`);
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256) throw new PbsArtifactError(`Artifact ${key} does not match its sha256 (${actual} ≠ ${sha256})`);
    const entry: TArtifactEntry = { bytes, sha256, tick: ++tick, extra: new Map() };
    if (bytes.length <= budget) {
      artifacts.set(key, entry);
      artifactBytes += bytes.length;
      evict();
    }
    return entry;
  };

  const getArtifact = (key: string, sha256: string): Promise<TArtifactEntry> => {
    const hit = artifacts.get(key);
    if (hit && hit.sha256 === sha256) {
      hit.tick = ++tick;
      return Promise.resolve(hit);
    }
    const pending = artifactLoads.get(key);
    if (pending) return pending;
    const loading = fetchArtifact(key, sha256).finally(() => artifactLoads.delete(key));
    artifactLoads.set(key, loading);
    return loading;
  };

  return {
    storage,
    loadCurrent,
    getArtifact,
    invalidate: (orgSlug, pb) => {
      entries.delete(`${orgSlug}/${pb.toUpperCase()}`);
    },
    stats: () => ({ entries: entries.size, artifacts: artifacts.size, artifactBytes, loads, artifactLoads: artifactLoadCount }),
  };
}

// Caches of this process, on globalThis so every bundle of the Next app shares them.
const holder = globalThis as { __pbsCaches?: Map<StorageAdapter, TPbsCache> };
const registry: Map<StorageAdapter, TPbsCache> = (holder.__pbsCaches ??= new Map<StorageAdapter, TPbsCache>());

/** The process-wide cache for one storage adapter (the Next app's PBS route uses getStorage()). */
export function pbsCacheFor(storage: StorageAdapter): TPbsCache {
  let cache = registry.get(storage);
  if (!cache) {
    cache = createPbsCache({ storage });
    registry.set(storage, cache);
  }
  return cache;
}

/**
 * Forgets the cached current.json of one phone book in every PBS cache of this process, so
 * the next request sees a version just published (or a phone book just deleted). Other
 * processes (standalone PBS servers) pick it up within PBS_CACHE_SECONDS.
 */
export function invalidate(orgSlug: string, phonebookName: string): void {
  for (const cache of registry.values()) cache.invalidate(orgSlug, phonebookName);
}
