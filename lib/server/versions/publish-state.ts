import "server-only";
import { db, type TTx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { lockPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import type { StorageAdapter } from "@/lib/server/storage";
import { phonebookPrefix } from "@/lib/phonebook/artifact-names";
import { writeCurrentJson } from "./current-json";
import { readCurrentJson } from "./stored-version";

// The states of a version row and the steps between them: ARCHITECTURE.md, "Publish state
// machine". Every step after the reservation is fenced by the lease: it acts only while
// the row is still `building` with the lease_until its holder last set.

/** How long a building version stays its publisher's without a renewal (renewed every third of it). */
export const PUBLISH_LEASE_MS = 30_000;

/** A version in state `building` and what its holder needs to finish or undo it. */
export type TBuild = {
  id: string;
  phonebookId: string;
  number: number;
  orgSlug: string;
  name: string;
  /** current.json before this build (null: there was none). */
  previousCurrent: Buffer | null;
};

export const publishInProgress = (name: string, b: { number: number; createdBy: string; createdAt: Date }) =>
  new AppError(
    "conflict",
    `A publish of ${name} is in progress (version ${b.number}, started by ${b.createdBy || "unknown"} at ${b.createdAt.toISOString()}); try again when it has finished`,
    { publishing: b.number },
  );

/** Refuses (409) while the phone book has a building version; call under the phone book's lock. */
export async function assertNoBuild(tx: TTx, phonebook: { id: string; name: string }): Promise<void> {
  const building = await tx.version.findFirst({
    where: { phonebookId: phonebook.id, state: "building" },
    select: { number: true, createdBy: true, createdAt: true },
  });
  if (building) throw publishInProgress(phonebook.name, building);
}

/**
 * The lease on one building version. Renewals and every fenced step run one after another
 * (`exclusive`), so the token (lease_until as last set) is never raced by the heartbeat.
 */
export class BuildLease {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private lost: AppError | null = null;

  constructor(
    readonly build: TBuild,
    private token: Date,
    readonly leaseMs: number = PUBLISH_LEASE_MS,
  ) {}

  /** Runs `fn` with the current token once earlier renewals and steps are done. */
  exclusive<T>(fn: (token: Date) => Promise<T>): Promise<T> {
    const run = this.chain
      .catch(() => undefined)
      .then(() => {
        if (this.lost) throw this.lost;
        return fn(this.token);
      });
    this.chain = run;
    return run;
  }

  /** Extends the lease by `leaseMs` from now (database time); throws when it was lost. */
  renew(): Promise<void> {
    return this.exclusive(async (token) => {
      const rows = await db.$queryRaw<{ lease_until: Date }[]>`
        UPDATE version SET lease_until = now() + ${this.leaseMs}::int * interval '1 millisecond'
        WHERE id = ${this.build.id}::uuid AND state = 'building' AND lease_until = ${token}::timestamptz
        RETURNING lease_until`;
      const row = rows[0];
      if (!row) {
        this.lost = new AppError(
          "conflict",
          `The publish of ${this.build.name} version ${this.build.number} lost its lease (finished or rolled back by another process)`,
        );
        throw this.lost;
      }
      this.token = row.lease_until;
    });
  }

  /** Renews every third of the lease until `stop`; a failed renewal is retried at the next tick. */
  start(): void {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  /** Stops the heartbeat and waits for a renewal in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
  }

  assertHeld(): void {
    if (this.lost) throw this.lost;
  }
}

/** Locks the phone book and the build's row; throws unless the row is still this lease's. */
export async function lockBuild(tx: TTx, build: TBuild, token: Date): Promise<void> {
  await lockPhonebook(tx, build.phonebookId);
  const held = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM version
    WHERE id = ${build.id}::uuid AND state = 'building' AND lease_until = ${token}::timestamptz
    FOR UPDATE`;
  if (held.length === 0) {
    throw new AppError(
      "conflict",
      `The publish of ${build.name} version ${build.number} lost its lease (finished or rolled back by another process)`,
    );
  }
}

/**
 * Step 4: makes the build the phone book's active version in one short transaction: the
 * row `active`, phonebook.current_version, the pending changes it carries cleared (edits
 * made during the build stay pending), and the audit event `audit` writes.
 */
export async function activateBuild(lease: BuildLease, audit: (tx: TTx) => Promise<unknown>): Promise<void> {
  const { build } = lease;
  await lease.exclusive((token) =>
    db.$transaction(
      async (tx) => {
        await lockBuild(tx, build, token);
        await tx.version.update({ where: { id: build.id }, data: { state: "active", leaseUntil: null, previousCurrent: null } });
        await tx.phonebook.update({ where: { id: build.phonebookId }, data: { currentVersion: build.number } });
        await tx.pendingChange.deleteMany({ where: { phonebookId: build.phonebookId, versionId: build.id } });
        await audit(tx);
      },
      { timeout: 10_000, maxWait: 10_000 },
    ),
  );
}

/**
 * Undoes a build that will not be finished: current.json put back as it was before when it
 * names this build (else it was never written, or someone else wrote it since), the
 * version's files deleted (a building version was never served), the row deleted (its
 * pending changes are released by the foreign key). Each part is idempotent, so a roll-back
 * cut short by a crash is completed by the next reconcile. Does nothing once the lease is
 * lost (the version was activated, or someone else owns it).
 */
export async function rollBackBuild(storage: StorageAdapter, lease: BuildLease): Promise<void> {
  const { build } = lease;
  await lease.stop();
  await lease.renew();
  const served = await readCurrentJson(storage, build.orgSlug, build.name);
  if (served?.current?.version === build.number) await writeCurrentJson(storage, build.orgSlug, build.name, build.previousCurrent);
  const keys = await storage.list(`${phonebookPrefix(build.orgSlug, build.name)}/${build.number}`);
  if (keys.length > 0) await storage.delete(keys);
  await lease.exclusive(
    (token) => db.$executeRaw`
      DELETE FROM version WHERE id = ${build.id}::uuid AND state = 'building' AND lease_until = ${token}::timestamptz`,
  );
}
