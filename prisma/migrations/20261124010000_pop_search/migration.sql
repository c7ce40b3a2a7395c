-- Fast grid search at 65,000 POPs: one lower-cased text of the searchable fields, generated
-- by PostgreSQL, with a trigram index so `LIKE '%…%'` does not scan the table.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE "pop" ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (
  lower("pop_index"::text || ' ' || "name" || ' ' || "area_code" || ' ' || "access_number" || ' ' || "dialup_entry" || ' ' || "comment")
) STORED;

CREATE INDEX "pop_search_text_trgm_idx" ON "pop" USING GIN ("search_text" gin_trgm_ops);
