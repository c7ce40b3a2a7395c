import { createServer, request, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { keepContentLength } from "./content-length.mjs";

// The body is written in two chunks after the headers, as Next.js streams a route's body.
async function answer(respond: (res: ServerResponse) => void): Promise<{ headers: IncomingHttpHeaders; body: string }> {
  const server = createServer((_req, res) => {
    keepContentLength(res);
    respond(res);
    res.flushHeaders();
    res.write("hello ");
    res.end("world");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("keepContentLength", () => {
  it("turns the length hint into Content-Length, so the body is not chunked", async () => {
    const { headers, body } = await answer((res) => res.setHeader("x-pba-content-length", "11"));
    expect(body).toBe("hello world");
    expect(headers["content-length"]).toBe("11");
    expect(headers["transfer-encoding"]).toBeUndefined();
    expect(headers["x-pba-content-length"]).toBeUndefined();
  });

  it("leaves answers without a hint chunked, and ignores it for a compressed body or a bad value", async () => {
    expect((await answer(() => undefined)).headers["transfer-encoding"]).toBe("chunked");
    for (const respond of [
      (res: ServerResponse) => res.setHeader("x-pba-content-length", "11").setHeader("content-encoding", "identity"),
      (res: ServerResponse) => res.setHeader("x-pba-content-length", "11 "),
    ]) {
      const { headers } = await answer(respond);
      expect(headers["content-length"]).toBeUndefined();
      expect(headers["transfer-encoding"]).toBe("chunked");
      expect(headers["x-pba-content-length"]).toBeUndefined();
    }
  });
});
