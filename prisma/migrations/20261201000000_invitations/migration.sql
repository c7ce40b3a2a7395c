-- Membership by invitation (docs/security.md): a single-use link, stored only as its
-- SHA-256, that expires after 7 days. Accepting it creates the membership; an invitation
-- never creates, changes or reveals an existing account.
CREATE TABLE "invitation" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "org_id" UUID NOT NULL,
  "email" TEXT NOT NULL,
  "role" "Role" NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_by_id" UUID,
  "created_by" TEXT NOT NULL DEFAULT '',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "accepted_at" TIMESTAMPTZ(3),
  "accepted_by_id" UUID,
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "invitation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "invitation_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"("token_hash");
CREATE INDEX "invitation_org_id_email_idx" ON "invitation"("org_id", "email");
