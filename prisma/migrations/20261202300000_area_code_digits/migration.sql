-- Area codes hold digits only (lib/phonebook/pop-fields.ts, normaliseAreaCode): Connection
-- Manager ignores an area code that is not numeric, so the spaces and hyphens that were
-- accepted before are dropped. The published .pbk of a phone book holds the old text, so
-- every in-service POP of a published phone book whose area code changes becomes a pending
-- change (pending_change, lib/server/pops/pending-changes.ts): the next publish writes its
-- new line into the delta. Rows already pending stay as they are.
WITH changed AS (
  UPDATE "pop"
  SET "area_code" = regexp_replace("area_code", '[^0-9]', '', 'g'), "updated_at" = now()
  WHERE "area_code" ~ '[^0-9]'
  RETURNING "phonebook_id", "pop_index", "in_service"
)
INSERT INTO "pending_change" ("phonebook_id", "pop_index")
SELECT c."phonebook_id", c."pop_index"
FROM changed c
JOIN "phonebook" p ON p."id" = c."phonebook_id"
WHERE c."in_service" AND p."current_version" > 0
ON CONFLICT DO NOTHING;
