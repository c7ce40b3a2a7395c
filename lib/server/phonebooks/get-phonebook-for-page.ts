import "server-only";
import { notFound } from "next/navigation";
import type { TActor } from "@/lib/server/auth/actor";
import { AppError } from "@/lib/server/errors";
import { getPhonebook } from "./get-phonebook";

/** `getPhonebook` for pages: a missing phone book (or another organisation's) renders the 404 page. */
export async function getPhonebookForPage(actor: TActor, name: string) {
  try {
    return await getPhonebook(actor, name);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
