-- Initial schema: organisations, users, memberships, API tokens, phone books, regions,
-- POPs, pending changes, versions, artifacts, audit events.
CREATE TYPE "Role" AS ENUM ('owner', 'admin', 'editor', 'viewer');

CREATE TABLE "organization" (
  "id" UUID NOT NULL,
  "slug" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "organization_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "organization_slug_key" ON "organization"("slug");

CREATE TABLE "app_user" (
  "id" UUID NOT NULL,
  "email" TEXT NOT NULL,
  "name" TEXT NOT NULL DEFAULT '',
  "password_hash" TEXT NOT NULL,
  "failed_logins" INTEGER NOT NULL DEFAULT 0,
  "locked_until" TIMESTAMPTZ(3),
  "session_version" INTEGER NOT NULL DEFAULT 1,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"("email");

CREATE TABLE "membership" (
  "id" UUID NOT NULL,
  "org_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "role" "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "membership_org_id_user_id_key" ON "membership"("org_id", "user_id");
CREATE INDEX "membership_user_id_idx" ON "membership"("user_id");

CREATE TABLE "api_token" (
  "id" UUID NOT NULL,
  "org_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "prefix" TEXT NOT NULL,
  "token_hash" TEXT NOT NULL,
  "role" "Role" NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");
CREATE INDEX "api_token_org_id_idx" ON "api_token"("org_id");

CREATE TABLE "phonebook" (
  "id" UUID NOT NULL,
  "org_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "name_key" TEXT NOT NULL,
  "description" TEXT NOT NULL DEFAULT '',
  "current_version" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "phonebook_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "phonebook_org_id_name_key_key" ON "phonebook"("org_id", "name_key");

CREATE TABLE "region" (
  "id" UUID NOT NULL,
  "phonebook_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "name_key" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "region_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "region_phonebook_id_name_key_key" ON "region"("phonebook_id", "name_key");

CREATE TABLE "pop" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "phonebook_id" UUID NOT NULL,
  "pop_index" INTEGER NOT NULL,
  "country_code" INTEGER NOT NULL,
  "region_id" UUID,
  "name" TEXT NOT NULL DEFAULT '',
  "area_code" TEXT NOT NULL DEFAULT '',
  "access_number" TEXT NOT NULL,
  "min_speed" INTEGER,
  "max_speed" INTEGER,
  "flags" INTEGER NOT NULL DEFAULT 0,
  "dialup_entry" TEXT NOT NULL DEFAULT '',
  "in_service" BOOLEAN NOT NULL DEFAULT true,
  "comment" TEXT NOT NULL DEFAULT '',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "pop_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "pop_phonebook_id_pop_index_key" ON "pop"("phonebook_id", "pop_index");
CREATE INDEX "pop_phonebook_id_country_code_pop_index_idx" ON "pop"("phonebook_id", "country_code", "pop_index");
CREATE INDEX "pop_phonebook_id_region_id_pop_index_idx" ON "pop"("phonebook_id", "region_id", "pop_index");
CREATE INDEX "pop_phonebook_id_name_idx" ON "pop"("phonebook_id", "name");
CREATE INDEX "pop_phonebook_id_access_number_idx" ON "pop"("phonebook_id", "access_number");
CREATE INDEX "pop_phonebook_id_area_code_idx" ON "pop"("phonebook_id", "area_code");

CREATE TABLE "pending_change" (
  "phonebook_id" UUID NOT NULL,
  "pop_index" INTEGER NOT NULL,
  "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "pending_change_pkey" PRIMARY KEY ("phonebook_id", "pop_index")
);

CREATE TABLE "version" (
  "id" UUID NOT NULL,
  "phonebook_id" UUID NOT NULL,
  "number" INTEGER NOT NULL,
  "created_by_id" UUID,
  "created_by" TEXT NOT NULL DEFAULT '',
  "pop_count" INTEGER NOT NULL,
  "added" INTEGER NOT NULL DEFAULT 0,
  "changed" INTEGER NOT NULL DEFAULT 0,
  "removed" INTEGER NOT NULL DEFAULT 0,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "version_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "version_phonebook_id_number_key" ON "version"("phonebook_id", "number");

CREATE TABLE "artifact" (
  "id" UUID NOT NULL,
  "version_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "from_version" INTEGER,
  "size" INTEGER NOT NULL,
  "sha256" TEXT NOT NULL,
  "storage_key" TEXT NOT NULL,
  CONSTRAINT "artifact_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "artifact_version_id_name_key" ON "artifact"("version_id", "name");

CREATE TABLE "audit_event" (
  "id" UUID NOT NULL,
  "org_id" UUID NOT NULL,
  "actor_id" UUID,
  "actor_label" TEXT NOT NULL DEFAULT '',
  "phonebook_id" UUID,
  "action" TEXT NOT NULL,
  "entity" TEXT NOT NULL,
  "entity_id" TEXT NOT NULL DEFAULT '',
  "summary" TEXT NOT NULL DEFAULT '',
  "before" JSONB,
  "after" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_event_org_id_created_at_idx" ON "audit_event"("org_id", "created_at");
CREATE INDEX "audit_event_org_id_phonebook_id_created_at_idx" ON "audit_event"("org_id", "phonebook_id", "created_at");

ALTER TABLE "membership" ADD CONSTRAINT "membership_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "membership" ADD CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "phonebook" ADD CONSTRAINT "phonebook_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "region" ADD CONSTRAINT "region_phonebook_id_fkey" FOREIGN KEY ("phonebook_id") REFERENCES "phonebook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pop" ADD CONSTRAINT "pop_phonebook_id_fkey" FOREIGN KEY ("phonebook_id") REFERENCES "phonebook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "pop" ADD CONSTRAINT "pop_region_id_fkey" FOREIGN KEY ("region_id") REFERENCES "region"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "pending_change" ADD CONSTRAINT "pending_change_phonebook_id_fkey" FOREIGN KEY ("phonebook_id") REFERENCES "phonebook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "version" ADD CONSTRAINT "version_phonebook_id_fkey" FOREIGN KEY ("phonebook_id") REFERENCES "phonebook"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "artifact" ADD CONSTRAINT "artifact_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "version"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_event" ADD CONSTRAINT "audit_event_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
