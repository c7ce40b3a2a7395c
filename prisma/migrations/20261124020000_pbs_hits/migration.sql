-- PBS hit counters (SPEC §5): per organisation, phone book (upper case) and minute, the
-- full / delta / no-update / error answers, upserted by each PBS process every few seconds.
CREATE TABLE "pbs_hit" (
  "org_slug" TEXT NOT NULL,
  "phonebook" TEXT NOT NULL,
  "bucket" TIMESTAMPTZ NOT NULL,
  "full_hits" BIGINT NOT NULL DEFAULT 0,
  "delta_hits" BIGINT NOT NULL DEFAULT 0,
  "no_update_hits" BIGINT NOT NULL DEFAULT 0,
  "error_hits" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "pbs_hit_pkey" PRIMARY KEY ("org_slug", "phonebook", "bucket")
);
