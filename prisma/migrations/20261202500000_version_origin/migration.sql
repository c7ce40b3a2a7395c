-- Where a version came from: "published" (rendered by a publish or a restore) or "adopted"
-- (a PBA/PBS phone book taken over at its version, issue 12 §1), and for an adopted one the
-- names of the uploaded files (.pbk, .pbr and .ver, as uploaded).
ALTER TABLE "version" ADD COLUMN "origin" TEXT NOT NULL DEFAULT 'published';
ALTER TABLE "version" ADD CONSTRAINT "version_origin_check" CHECK ("origin" IN ('published', 'adopted'));
ALTER TABLE "version" ADD COLUMN "source_files" TEXT[] NOT NULL DEFAULT '{}';
