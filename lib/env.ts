import { z } from "zod";

const ZOptionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** The points of a publish where a test may kill the process (lib/server/versions/publish-fault.ts). */
export const PUBLISH_FAULT_STEPS = ["reserved", "storing", "stored", "current-written", "activated"] as const;

const ZEnvFields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: ZOptionalString,
  AUTH_SECRET: ZOptionalString,
  STORAGE_DRIVER: z.enum(["filesystem", "s3"]).default("filesystem"),
  STORAGE_DIR: z.string().default("./.data/storage"),
  S3_ENDPOINT: ZOptionalString,
  S3_BUCKET: ZOptionalString,
  S3_REGION: z.string().default("us-east-1"),
  S3_ACCESS_KEY_ID: ZOptionalString,
  S3_SECRET_ACCESS_KEY: ZOptionalString,
  S3_PUBLIC_URL: ZOptionalString,
  PBS_DELIVERY: z.enum(["stream", "redirect"]).default("stream"),
  PBS_DEFAULT_ORG: z.string().default("default"),
  PBS_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  PBS_HOST: z.string().default("0.0.0.0"),
  PBS_CACHE_SECONDS: z.coerce.number().min(0).default(2),
  PBS_FLUSH_SECONDS: z.coerce.number().min(1).default(10),
  PBS_ACCESS_LOG: z.enum(["on", "off"]).default("on"),
  PBS_ARTIFACT_CACHE_MB: z.coerce.number().min(0).default(64),
  /**
   * Processes of the standalone PBS (node:cluster, lib/server/pbs/pbs-cluster.ts); unset: the
   * number of cores (os.availableParallelism()); 1: one process, no cluster.
   */
  PBS_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  /** Set by the PBS primary on each worker it forks (0, 1, …); worker 0 runs the pbs_hit retention. */
  PBS_WORKER_SLOT: z.coerce.number().int().min(0).optional(),
  /**
   * Bearer token of `GET /metrics` on the app and the standalone PBS (Prometheus); without it
   * both answer 404 (lib/server/metrics/metrics-access.ts).
   */
  METRICS_TOKEN: ZOptionalString.refine((v) => v === undefined || v.length >= 16, "must be at least 16 characters"),
  /** Lowest level written to the JSON log (pino). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Seconds a shared cache (CDN) may reuse a PBS answer; 0: `no-cache` (lib/server/pbs/pbs-response.ts). */
  PBS_ANSWER_MAX_AGE: z.coerce.number().int().min(0).max(86_400).default(0),
  // pbs_hit retention (lib/server/pbs/pbs-hit-retention.ts): minute rows older than
  // PBS_HIT_MINUTE_DAYS are summed into hourly rows, hourly rows older than PBS_HIT_HOUR_DAYS
  // are deleted, every PBS_RETENTION_MINUTES (0: this process never runs it).
  PBS_HIT_MINUTE_DAYS: z.coerce.number().int().min(1).max(3_650).default(7),
  PBS_HIT_HOUR_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
  PBS_RETENTION_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  /** Public origin of the app (e.g. https://pba.example.com); links in emails use it. */
  NEXTAUTH_URL: ZOptionalString,
  /** smtp(s)://user:pass@host:port; without it nothing is emailed (links are shown once instead). */
  SMTP_URL: ZOptionalString,
  MAIL_FROM: z.string().default("PBA Cloud <no-reply@localhost>"),
  /** A browser session ends after this many hours without a request. */
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .min(0.05)
    .max(24 * 30)
    .default(12),
  /**
   * "true": organisations may use an identity provider on http://127.0.0.1, ::1 or localhost
   * (tests, a local IdP). Default: allowed outside production only, since it lets an owner
   * make the server call loopback addresses (lib/server/sso/issuer-url.ts).
   */
  SSO_ALLOW_HTTP_LOOPBACK: z.enum(["true", "false"]).optional(),
  ADMIN_EMAIL: ZOptionalString,
  ADMIN_PASSWORD: ZOptionalString,
  /** The app's HTTP port and bind address (scripts/server.mjs). */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOSTNAME_BIND: z.string().default("0.0.0.0"),
  /** Port of the embedded PostgreSQL that `npm run dev` / `npm start` start without DATABASE_URL. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65_535).default(54_329),
  /** Where the embedded database and a development auth secret live. */
  PBA_DATA_DIR: z.string().default(".data"),
  /**
   * Tests only, ignored when NODE_ENV=production: a publish kills its process after this step
   * (lib/server/versions/publish-fault.ts).
   */
  PBA_FAULT_PUBLISH_STEP: z.enum(PUBLISH_FAULT_STEPS).optional(),
});

const ZEnv = ZEnvFields.refine((e) => e.PBS_HIT_HOUR_DAYS >= e.PBS_HIT_MINUTE_DAYS, {
  path: ["PBS_HIT_HOUR_DAYS"],
  message: "must be at least PBS_HIT_MINUTE_DAYS (hourly rows are kept longer than minute rows)",
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/**
 * The app's secret, which signs every session. The production app refuses to start without
 * it (scripts/start.ts): a generated one would differ between instances. The PBS and the
 * command-line tools sign nothing and do not need it.
 */
export function requireAuthSecret(e: TEnv): string {
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  throw new Error(
    "Invalid environment:\n  AUTH_SECRET: required in production: it signs every session, and all instances must share one value (generate one with `openssl rand -base64 32`)",
  );
}

/** Forgets the parsed environment so the next `env()` reads it again (tests; scripts/start.ts after writing it). */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * The validated configuration: the one place that reads process.env (eslint refuses
 * `process.env` elsewhere outside tests and tooling). Parsed on first use at run time, never at
 * build or import time; throws one line per missing or bad variable. Entry points call it
 * first thing at start so a bad configuration stops the process before it serves anything.
 */
export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}
