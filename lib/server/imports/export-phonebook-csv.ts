import "server-only";
import type { TActor } from "@/lib/server/auth/actor";
import { db } from "@/lib/server/db";
import { getPhonebook } from "@/lib/server/phonebooks/get-phonebook";
import { exportCsv } from "@/lib/import/export-csv";
import { loadCurrentPops } from "./load-current-pops";

/** The phone book's POPs in the import format (spreadsheet-safe); importing it back changes nothing. */
export async function exportPhonebookCsv(options: { actor: TActor; phonebookName: string }): Promise<{ csv: string; fileName: string }> {
  const phonebook = await getPhonebook(options.actor, options.phonebookName);
  const { current } = await loadCurrentPops(db, phonebook.id);
  return { csv: exportCsv(current), fileName: `${phonebook.name}.csv` };
}
