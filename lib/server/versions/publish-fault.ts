import "server-only";

/**
 * The points of a publish where a test may kill the process (ARCHITECTURE.md, "Publish
 * state machine"): after each step, and `storing` after the first file of the version.
 */
export const PUBLISH_STEPS = ["reserved", "storing", "stored", "current-written", "activated"] as const;
export type TPublishStep = (typeof PUBLISH_STEPS)[number];

/**
 * Test-only fault hook: with PBA_FAULT_PUBLISH_STEP=<step> the process kills itself
 * (SIGKILL: no finally, no exit handler) right after that step. Never in production: Next.js
 * inlines NODE_ENV there, so a production build drops the check altogether.
 */
export function publishFaultPoint(step: TPublishStep): void {
  if (process.env.NODE_ENV === "production") return;
  if (process.env.PBA_FAULT_PUBLISH_STEP !== step) return;
  process.kill(process.pid, "SIGKILL");
  process.exit(137); // not reached: SIGKILL to itself ends the process first
}
