import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { resetEnvCache } from "@/lib/env";

/**
 * A local SMTP receiver on loopback for tests: points SMTP_URL at itself and keeps every
 * message (quoted-printable soft line breaks joined). `stop()` restores "no SMTP".
 */
export async function startSmtp(): Promise<{ messages: string[]; stop: () => Promise<void> }> {
  const messages: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        messages.push(
          Buffer.concat(chunks)
            .toString("utf8")
            .replace(/=\r?\n/g, ""),
        );
        done();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  resetEnvCache();
  const stop = async () => {
    delete process.env.SMTP_URL;
    resetEnvCache();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { messages, stop };
}
