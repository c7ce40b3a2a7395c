import "server-only";
import { env, PUBLISH_FAULT_STEPS } from "@/lib/env";

/**
 * The points of a publish where a test may kill the process (ARCHITECTURE.md, "Publish
 * state machine"): after each step, and `storing` after the first file of the version.
 */
export const PUBLISH_STEPS = PUBLISH_FAULT_STEPS;
export type TPublishStep = (typeof PUBLISH_STEPS)[number];

/**
 * Test-only fault hook: with PBA_FAULT_PUBLISH_STEP=<step> the process kills itself
 * (SIGKILL: no finally, no exit handler) right after that step. Never in production.
 */
export function publishFaultPoint(step: TPublishStep): void {
  const e = env();
  if (e.NODE_ENV === "production" || e.PBA_FAULT_PUBLISH_STEP !== step) return;
  process.kill(process.pid, "SIGKILL");
  process.exit(137); // not reached: SIGKILL to itself ends the process first
}
