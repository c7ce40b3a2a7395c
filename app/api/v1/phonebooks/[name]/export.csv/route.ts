import { exportPhonebookCsv } from "@/lib/server/imports/export-phonebook-csv";
import { withApi } from "@/lib/server/with-api";

// GET /api/v1/phonebooks/:pb/export.csv - every POP in the import format (round-trips through import)
export const GET = withApi<{ name: string }>("viewer", async ({ actor, params }) => {
  const { csv, fileName } = await exportPhonebookCsv({ actor, phonebookName: params.name });
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "private, no-cache",
    },
  });
});
