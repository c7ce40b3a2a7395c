import { db } from "@/lib/server/db";

/**
 * Fills a phone book with `count` POPs in one INSERT … SELECT generate_series (indexes 1..count):
 * countries cycle through 1/44/49/33, every 7th POP has no region, every 50th is out of service.
 */
export async function seedPops(phonebookId: string, count: number, regionIds: string[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO pop (phonebook_id, pop_index, country_code, region_id, name, area_code, access_number, min_speed, max_speed, flags, dialup_entry, in_service, updated_at)
    SELECT ${phonebookId}::uuid, i,
           (ARRAY[1, 44, 49, 33])[1 + i % 4],
           CASE WHEN i % 7 = 0 OR cardinality(${regionIds}::uuid[]) = 0 THEN NULL
                ELSE (${regionIds}::uuid[])[1 + i % cardinality(${regionIds}::uuid[])] END,
           'City ' || lpad(i::text, 5, '0'),
           (200 + i % 700)::text,
           '555-' || lpad(i::text, 7, '0'),
           9600, 56000, (i % 64) * 2, 'MyISP', i % 50 <> 0, now()
    FROM generate_series(1, ${count}::int) AS i`;
}
