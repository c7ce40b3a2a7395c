-- Stable region positions: a region's 1-based position in the .pbr is fixed when it is
-- created, so adding, renaming or deleting a region never renumbers the POP lines of
-- another one (see lib/phonebook/region-positions.ts).
ALTER TABLE "region" ADD COLUMN "position" INTEGER;

-- Existing phone books keep the positions they publish today: regions by name, ASCII
-- lower-case and ordinal, then exact name, then id (the former compareRegions), so no
-- published file changes. Region names are printable ASCII, where lower() and the "C"
-- collation agree with JavaScript's toLowerCase() and code-unit order.
UPDATE "region" AS r
SET "position" = o.pos
FROM (
  SELECT "id", row_number() OVER (
    PARTITION BY "phonebook_id"
    ORDER BY lower("name") COLLATE "C", "name" COLLATE "C", "id"::text COLLATE "C"
  ) AS pos
  FROM "region"
) AS o
WHERE o."id" = r."id";

ALTER TABLE "region" ALTER COLUMN "position" SET NOT NULL;
ALTER TABLE "region" ADD CONSTRAINT "region_position_check" CHECK ("position" >= 1);
CREATE UNIQUE INDEX "region_phonebook_id_position_key" ON "region"("phonebook_id", "position");

-- A region inserted without a position takes the lowest free one of its phone book (a
-- deleted region's position is reused first). The phone book row is locked first, as every
-- region edit of the app does, so concurrent inserts cannot pick the same position.
CREATE FUNCTION "region_assign_position"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."position" IS NULL THEN
    PERFORM 1 FROM "phonebook" WHERE "id" = NEW."phonebook_id" FOR UPDATE;
    SELECT min(p) INTO NEW."position"
    FROM generate_series(1, (SELECT count(*)::int + 1 FROM "region" WHERE "phonebook_id" = NEW."phonebook_id")) AS p
    WHERE NOT EXISTS (SELECT 1 FROM "region" WHERE "phonebook_id" = NEW."phonebook_id" AND "position" = p);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "region_assign_position" BEFORE INSERT ON "region"
  FOR EACH ROW EXECUTE FUNCTION "region_assign_position"();
