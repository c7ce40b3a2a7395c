import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** The centred card of the pages outside the admin shell (sign-in, invitation, reset, SSO). */
export function AuthCard({ width = "sm", className, children }: { width?: "sm" | "md"; className?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div
        className={cn("w-full rounded-lg border border-slate-200 bg-white p-6 shadow", width === "sm" ? "max-w-sm" : "max-w-md", className)}
      >
        {children}
      </div>
    </main>
  );
}
