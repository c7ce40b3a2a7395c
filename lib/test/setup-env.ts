import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.STORAGE_DIR ??= `/tmp/pba-test-storage-${process.pid}`;
process.env.AUTH_SECRET ??= "test-secret";
// No background pbs_hit retention in test processes: it would move other tests' minute rows.
// Tests of it call rollUpPbsHits or pass `retention` themselves.
process.env.PBS_RETENTION_MINUTES ??= "0";
