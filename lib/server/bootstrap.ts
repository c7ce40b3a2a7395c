import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { hash as argon2id } from "@node-rs/argon2";
import { env } from "@/lib/env";

export const DEFAULT_ORG_SLUG = "default";

/**
 * On first start (no user at all) creates the organisation `default` and its owner from
 * ADMIN_EMAIL / ADMIN_PASSWORD, or with a generated password that is printed once.
 * Uses plain pg so it can run before the app's Prisma client exists.
 */
export async function bootstrapOwner(connectionString: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("LOCK TABLE app_user IN EXCLUSIVE MODE");
    const { rows } = await client.query<{ n: string }>("SELECT count(*)::text AS n FROM app_user");
    if (rows[0]?.n !== "0") {
      await client.query("COMMIT");
      return;
    }
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
    const email = (ADMIN_EMAIL ?? "admin@example.com").toLowerCase();
    const generated = !ADMIN_PASSWORD;
    const password = ADMIN_PASSWORD ?? randomBytes(12).toString("base64url");
    const hash = await argon2id(password);
    const org = await client.query<{ id: string }>(
      `INSERT INTO organization (id, slug, name) VALUES (gen_random_uuid(), $1, 'Default organisation')
       ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [DEFAULT_ORG_SLUG],
    );
    const user = await client.query<{ id: string }>(
      `INSERT INTO app_user (id, email, name, password_hash) VALUES (gen_random_uuid(), $1, 'Administrator', $2) RETURNING id`,
      [email, hash],
    );
    await client.query(`INSERT INTO membership (id, org_id, user_id, role) VALUES (gen_random_uuid(), $1, $2, 'owner')`, [
      org.rows[0]?.id,
      user.rows[0]?.id,
    ]);
    await client.query("COMMIT");
    log(`Created the first owner ${email} in organisation "${DEFAULT_ORG_SLUG}".`);
    if (generated) log(`Generated password (shown once, change it after signing in): ${password}`);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
