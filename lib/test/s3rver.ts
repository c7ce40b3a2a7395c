import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

type TS3rverInstance = { run(): Promise<{ port: number }>; close(): Promise<void> };
const S3rver = createRequire(path.join(process.cwd(), "package.json"))("s3rver") as new (o: Record<string, unknown>) => TS3rverInstance;

/** A local S3 stand-in (s3rver) on a free loopback port with bucket `pba`, in a temporary folder. */
export async function startS3rver(): Promise<{ port: number; endpoint: string; close: () => Promise<void> }> {
  const directory = mkdtempSync(path.join(tmpdir(), "pba-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: "pba" }] });
  const { port } = await server.run();
  return {
    port,
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
