-- The trigram index made every POP write (imports above all) about 0.5 s slower per 32,000
-- rows, while a scan of the one generated search_text column of a 65,000-POP phone book
-- answers the grid search in ~30 ms: keep the column, drop the index (measured in
-- scripts/bench-grid.ts and scripts/bench-import.ts).
DROP INDEX IF EXISTS "pop_search_text_trgm_idx";
