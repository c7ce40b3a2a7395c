-- PBS hit retention (lib/server/pbs/pbs-hit-retention.ts): minute rows of pbs_hit older than
-- PBS_HIT_MINUTE_DAYS move into pbs_hit_hour (one row per organisation, phone book and UTC
-- hour), whose rows are kept PBS_HIT_HOUR_DAYS. The bucket/hour indexes serve those passes.
CREATE TABLE "pbs_hit_hour" (
  "org_slug" TEXT NOT NULL,
  "phonebook" TEXT NOT NULL,
  "hour" TIMESTAMPTZ NOT NULL,
  "full_hits" BIGINT NOT NULL DEFAULT 0,
  "delta_hits" BIGINT NOT NULL DEFAULT 0,
  "no_update_hits" BIGINT NOT NULL DEFAULT 0,
  "error_hits" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "pbs_hit_hour_pkey" PRIMARY KEY ("org_slug", "phonebook", "hour")
);
CREATE INDEX "pbs_hit_hour_hour_idx" ON "pbs_hit_hour" ("hour");
CREATE INDEX "pbs_hit_bucket_idx" ON "pbs_hit" ("bucket");

-- Counters now keep only existing organisations (lib/server/pbs/pbs-counters.ts); rows written
-- before for slugs no organisation has (random slugs in unauthenticated requests) are folded
-- into one "(unknown)" row per minute. "(other)" is the overflow row and stays.
WITH gone AS (
  DELETE FROM "pbs_hit" p
  WHERE p."org_slug" NOT IN ('(unknown)', '(other)')
    AND NOT EXISTS (SELECT 1 FROM "organization" o WHERE o."slug" = p."org_slug")
  RETURNING p."bucket", p."full_hits", p."delta_hits", p."no_update_hits", p."error_hits"
)
INSERT INTO "pbs_hit" ("org_slug", "phonebook", "bucket", "full_hits", "delta_hits", "no_update_hits", "error_hits")
SELECT '(unknown)', '(invalid)', "bucket", sum("full_hits"), sum("delta_hits"), sum("no_update_hits"), sum("error_hits")
FROM gone GROUP BY "bucket"
ON CONFLICT ("org_slug", "phonebook", "bucket") DO UPDATE SET
  "full_hits" = "pbs_hit"."full_hits" + EXCLUDED."full_hits",
  "delta_hits" = "pbs_hit"."delta_hits" + EXCLUDED."delta_hits",
  "no_update_hits" = "pbs_hit"."no_update_hits" + EXCLUDED."no_update_hits",
  "error_hits" = "pbs_hit"."error_hits" + EXCLUDED."error_hits";
