import { ZAuditExportQuery } from "@/lib/schemas/audit";
import { exportAudit } from "@/lib/server/audit/export-audit";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/audit/export?format=csv|jsonl&from=YYYY-MM-DD&to=YYYY-MM-DD - the organisation's audit events of those UTC days, oldest first, streamed
export const GET = withApi("viewer", async ({ actor, query }) => {
  const { body, fileName, contentType } = await exportAudit({ actor, query: query(ZAuditExportQuery) });
  return new Response(body, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
