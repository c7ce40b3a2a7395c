-- API tokens with scopes, an optional expiry, an optional list of phone books and the last
-- address they were used from (docs/security.md, "API tokens").
--
-- scopes: read | write | publish | admin, at least one. A token's rights are its scopes
-- within its user's current role. Existing tokens get the scopes their role allowed:
-- viewer -> read; editor -> read, write; admin and owner -> all four. The role column goes.
ALTER TABLE "api_token"
  ADD COLUMN "scopes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "expires_at" TIMESTAMPTZ(3),
  ADD COLUMN "phonebook_ids" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
  ADD COLUMN "last_used_address" TEXT;

UPDATE "api_token" SET "scopes" = CASE "role"
  WHEN 'viewer' THEN ARRAY['read']
  WHEN 'editor' THEN ARRAY['read', 'write']
  ELSE ARRAY['read', 'write', 'publish', 'admin']
END;

ALTER TABLE "api_token"
  ALTER COLUMN "scopes" DROP DEFAULT,
  DROP COLUMN "role",
  ADD CONSTRAINT "api_token_scopes_check"
    CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['read', 'write', 'publish', 'admin']::TEXT[]);

-- Existing tokens keep no expiry (expires_at NULL = never). An empty phonebook_ids means every
-- phone book of the organisation; ids of deleted phone books stay in the list, so a
-- restricted token never widens to all phone books when its books are deleted.
