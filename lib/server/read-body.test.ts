import { describe, expect, it } from "vitest";
import { readBodyLimited } from "./read-body";

const chunked = (chunks: number, size: number) =>
  new Request("http://x/", {
    method: "POST",
    body: new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(size).fill(65));
        controller.close();
      },
    }),
    // @ts-expect-error Node's fetch needs duplex for stream bodies
    duplex: "half",
  });

describe("readBodyLimited", () => {
  it("reads a body under the limit byte for byte", async () => {
    const body = await readBodyLimited(chunked(3, 10), 30);
    expect(Buffer.from(body).toString()).toBe("A".repeat(30));
  });

  it("refuses a chunked body past the limit without buffering it all, and a declared length over it", async () => {
    await expect(readBodyLimited(chunked(1000, 1024), 10_000)).rejects.toMatchObject({ code: "too_large" });
    const declared = new Request("http://x/", { method: "POST", body: "abc", headers: { "content-length": "999999" } });
    await expect(readBodyLimited(declared, 10)).rejects.toMatchObject({
      code: "too_large",
      message: "The request body is 999,999 bytes; the limit is 10 bytes",
    });
  });
});
