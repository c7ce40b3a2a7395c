-- Sign-in delays shared by every app instance (lib/server/auth/login-throttle.ts): one row
-- per key, "acct:<sha256 of the email>:<client address>" or "addr:<client address>", with the
-- failures counted and the time before which a next try is refused. No hard lockout.
CREATE TABLE "login_throttle" (
  "key" TEXT NOT NULL,
  "failures" INTEGER NOT NULL DEFAULT 0,
  "blocked_until" TIMESTAMPTZ(3),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "login_throttle_updated_at_idx" ON "login_throttle"("updated_at");

-- Password resets by email link (SMTP only): single use, stored as SHA-256, 1 hour.
CREATE TABLE "password_reset" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "token_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  CONSTRAINT "password_reset_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "password_reset_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "password_reset_token_hash_key" ON "password_reset"("token_hash");

-- The hard lockout is gone: growing delays replace it.
ALTER TABLE "app_user" DROP COLUMN "failed_logins", DROP COLUMN "locked_until";
