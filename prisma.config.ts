import { defineConfig } from "prisma/config";

// The CLI only generates the client here (see ARCHITECTURE.md, "Migrations"); the URL is
// read for tools that need one and never required to generate.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/unused" },
});
