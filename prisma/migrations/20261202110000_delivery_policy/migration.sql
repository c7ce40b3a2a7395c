-- Delivery policy per phone book: "deltas" (a Delta cab when the client's version has one,
-- the default) or "full" (always the Full cab). The PBS reads it from current.json.
ALTER TABLE "phonebook" ADD COLUMN "delivery_policy" TEXT NOT NULL DEFAULT 'deltas';
ALTER TABLE "phonebook" ADD CONSTRAINT "phonebook_delivery_policy_check" CHECK ("delivery_policy" IN ('deltas', 'full'));
