-- Two-factor authentication (lib/server/auth/two-factor.ts): a TOTP secret per account,
-- encrypted with a key derived from AUTH_SECRET, the last time step used (no replay), ten
-- single-use recovery codes stored as SHA-256, the organisation's "require 2FA" switch,
-- and when each session last passed a second factor (token creation needs a recent one).
ALTER TABLE "app_user"
  ADD COLUMN "totp_secret" TEXT,
  ADD COLUMN "totp_pending_secret" TEXT,
  ADD COLUMN "totp_enabled_at" TIMESTAMPTZ(3),
  ADD COLUMN "totp_last_step" BIGINT;

CREATE TABLE "recovery_code" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "code_hash" TEXT NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  CONSTRAINT "recovery_code_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "recovery_code_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "recovery_code_user_id_idx" ON "recovery_code"("user_id");

ALTER TABLE "organization" ADD COLUMN "require_2fa" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "user_session" ADD COLUMN "second_factor_at" TIMESTAMPTZ(3);
