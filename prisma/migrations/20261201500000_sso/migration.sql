-- OpenID Connect single sign-on per organisation (lib/server/sso): the identity provider's
-- settings (client secret sealed with lib/server/auth/secret-box.ts), the accounts linked
-- to its subjects, and which organisation's SSO made a session (it works there only).
CREATE TABLE "sso_config" (
  "org_id" UUID NOT NULL,
  "issuer" TEXT NOT NULL,
  "client_id" TEXT NOT NULL,
  "client_secret" TEXT NOT NULL,
  "default_role" "Role" NOT NULL DEFAULT 'viewer',
  "allow_password" BOOLEAN NOT NULL DEFAULT true,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "sso_config_pkey" PRIMARY KEY ("org_id"),
  CONSTRAINT "sso_config_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "sso_config_default_role_check" CHECK ("default_role" <> 'owner')
);

CREATE TABLE "sso_identity" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "org_id" UUID NOT NULL,
  "issuer" TEXT NOT NULL,
  "subject" TEXT NOT NULL,
  "user_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_used_at" TIMESTAMPTZ(3),
  CONSTRAINT "sso_identity_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "sso_identity_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "sso_identity_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "sso_identity_org_id_subject_key" ON "sso_identity"("org_id", "subject");
CREATE INDEX "sso_identity_user_id_idx" ON "sso_identity"("user_id");

ALTER TABLE "user_session" ADD COLUMN "sso_org_id" UUID;
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_sso_org_id_fkey" FOREIGN KEY ("sso_org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
