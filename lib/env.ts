import { z } from "zod";

const ZOptionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const ZEnv = z.object({
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
  ADMIN_EMAIL: ZOptionalString,
  ADMIN_PASSWORD: ZOptionalString,
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Validated process environment; throws a readable list of the bad variables. */
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
