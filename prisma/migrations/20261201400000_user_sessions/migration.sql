-- Server-side sessions (lib/server/auth/sessions.ts): the signed session cookie names one
-- row; signing out, a revoke from the sessions list or the idle timeout ends it for good,
-- whatever copies of the cookie exist.
CREATE TABLE "user_session" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "user_id" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "user_agent" TEXT NOT NULL DEFAULT '',
  "address" TEXT NOT NULL DEFAULT '',
  "method" TEXT NOT NULL DEFAULT 'password',
  "revoked_at" TIMESTAMPTZ(3),
  CONSTRAINT "user_session_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "user_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");
