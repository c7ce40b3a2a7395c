import type { TestProject } from "vitest/node";
import { openScratchDatabase } from "./scratch-db";

/**
 * Creates a fresh database for this test run on the local PostgreSQL (TEST_PG_URL, default
 * postgresql://postgres@127.0.0.1:5432), applies every migration, and drops it afterwards.
 */
export default async function setup(project: TestProject) {
  const scratch = await openScratchDatabase("pba_test");
  project.provide("databaseUrl", scratch.url);
  return scratch.drop;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
