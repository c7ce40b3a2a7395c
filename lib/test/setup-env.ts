import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.STORAGE_DIR ??= `/tmp/pba-test-storage-${process.pid}`;
process.env.AUTH_SECRET ??= "test-secret";
