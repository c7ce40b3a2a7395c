import { z } from "zod";
import { ZRegionName } from "@/lib/phonebook/phonebook-name";

export const ZRegionInput = z.object({ name: ZRegionName });
export type TRegionInput = z.output<typeof ZRegionInput>;
