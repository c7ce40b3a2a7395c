import { NextResponse } from "next/server";
import { AppError } from "@/lib/server/errors";
import { publishVersion } from "@/lib/server/versions/publish-version";
import { withApi } from "@/lib/server/with-api";
import { log } from "@/lib/server/log";

// POST /api/v1/phonebooks/:pb/publish - publish a new version: 201 {version, artifacts} (admin; token scope publish)
// With ?progress=ndjson the answer streams one JSON line per stage, then the result or error.
export const POST = withApi<{ name: string }>(
  "admin",
  async ({ actor, params, req }) => {
    if (req.nextUrl.searchParams.get("progress") !== "ndjson") {
      const result = await publishVersion({ actor, phonebookName: params.name });
      return NextResponse.json(result, { status: 201 });
    }
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        // A client that went away must not abort the publish: a closed stream is ignored.
        const send = (line: unknown) => {
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            /* stream closed by the client */
          }
        };
        try {
          const result = await publishVersion({ actor, phonebookName: params.name, onStage: (stage) => send({ stage }) });
          send({ result });
        } catch (error) {
          if (error instanceof AppError) send({ error: { code: error.code, message: error.message } });
          else {
            log().error({ err: error, phonebook: params.name }, "publish failed");
            send({ error: { code: "internal", message: "Publishing failed; it has been logged. The previous version is still served." } });
          }
        }
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      },
    });
    return new Response(stream, { status: 200, headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" } });
  },
  { scope: "publish" },
);
