import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/server/log";
import { accessLogWriter } from "./access-log-line";

const TIME = /"time":"[^"]+"/;

describe("accessLogWriter", () => {
  it("writes the line pino writes for the same record, byte for byte (but the time)", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (chunk: string) => void lines.push(chunk) }, "info");
    const write = accessLogWriter(logger);
    const records = [
      { reqId: "lb-4f2a.77:1", method: "GET", path: "/pbserver/pbserver.dll?pb=A&pbver=3", status: 204, bytes: 0, ms: 0.12 },
      {
        reqId: "0d9c7f4e-1b2a-4c3d-9e8f-0a1b2c3d4e5f",
        method: "HEAD",
        path: '/o/x/"q"\\\u0001é\u2028?pb=%22',
        status: 404,
        bytes: 42,
        ms: 12,
      },
    ];
    for (const r of records) {
      logger.info(r, "request");
      write?.(r);
    }
    expect(lines).toHaveLength(4);
    for (let i = 0; i < 4; i += 2) {
      expect(lines[i + 1]!.replace(TIME, "")).toBe(lines[i]!.replace(TIME, ""));
      expect(lines[i + 1]).toMatch(/"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
      expect(JSON.parse(lines[i + 1]!)).toMatchObject({ level: "info", pid: process.pid, msg: "request", ...records[i / 2] });
    }
  });

  it("writes nothing below the info level", () => {
    expect(accessLogWriter(createLogger({ write: () => undefined }, "warn"))).toBeNull();
  });
});
