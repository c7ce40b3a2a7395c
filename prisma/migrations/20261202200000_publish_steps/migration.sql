-- Publish in steps (lib/server/versions/publish-version.ts, ARCHITECTURE.md "Publish state
-- machine"): a version row is reserved as `building` in one short transaction, its files
-- are stored with no transaction open, then it is made `active` in another. Only active
-- versions are listed or served.
ALTER TABLE "version"
  ADD COLUMN "state" TEXT NOT NULL DEFAULT 'active',
  -- While building: the publisher renews this; past it, reconcile may finish or roll back.
  ADD COLUMN "lease_until" TIMESTAMPTZ(3),
  -- While building: current.json as it was before (null: there was none), to put back.
  ADD COLUMN "previous_current" BYTEA,
  ADD CONSTRAINT "version_state_check" CHECK ("state" IN ('building', 'active')),
  ADD CONSTRAINT "version_building_lease_check" CHECK ("state" = 'active' OR "lease_until" IS NOT NULL);

-- One publish at a time per phone book.
CREATE UNIQUE INDEX "version_one_building_key" ON "version" ("phonebook_id") WHERE "state" = 'building';

-- The pending changes a building version carries: cleared when it is activated, released
-- (set null) when it is rolled back; an edit during the build releases its row again.
ALTER TABLE "pending_change"
  ADD COLUMN "version_id" UUID,
  ADD CONSTRAINT "pending_change_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "version"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "pending_change_version_id_idx" ON "pending_change" ("version_id") WHERE "version_id" IS NOT NULL;
