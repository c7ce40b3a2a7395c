/**
 * A child process for the kill-at-each-step tests (lib/server/versions/publish-crash.test.ts):
 * publishes one phone book with PBA_FAULT_PUBLISH_STEP set, so it kills itself after that
 * step. Run with `tsx --conditions=react-server`; env: DATABASE_URL, STORAGE_DIR,
 * PBA_TEST_ACTOR (the actor as JSON), PBA_TEST_PHONEBOOK, PBA_TEST_LEASE_MS.
 */
import type { TActor } from "@/lib/server/auth/actor";
import { FilesystemStorage } from "@/lib/server/storage/filesystem";
import { publishVersion } from "@/lib/server/versions/publish-version";

const actor = JSON.parse(process.env.PBA_TEST_ACTOR ?? "null") as TActor;
const storage = new FilesystemStorage(process.env.STORAGE_DIR ?? "");
publishVersion({
  actor,
  phonebookName: process.env.PBA_TEST_PHONEBOOK ?? "",
  storage,
  leaseMs: Number(process.env.PBA_TEST_LEASE_MS ?? 5000),
}).then(
  (result) => {
    console.log(JSON.stringify(result));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
