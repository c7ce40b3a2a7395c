"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import type { TSessionView } from "@/lib/server/auth/sessions";
import { revokeSessionAction, signOutEverywhereAction } from "./actions";
import { DateTime } from "@/components/date-time";

/** The user's live sessions with a revoke button each, and "sign out everywhere". */
export function SessionsList({ sessions }: { sessions: TSessionView[] }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [confirm, confirmDialog] = useConfirm();

  async function onRevoke(session: TSessionView) {
    const note = session.isCurrent ? " This is the browser you are using: you will be signed out." : "";
    const isOk = await confirm({
      title: `End the session of ${session.device}?`,
      description: `From ${session.address || "an unknown address"}.${note}`,
      confirmLabel: "End session",
      isDestructive: true,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await revokeSessionAction(session.id);
      if (!result.ok) return setError(result.error);
      if (result.data.isCurrent) await signOut({ callbackUrl: "/login" });
    });
  }

  async function onEverywhere() {
    const isOk = await confirm({
      title: "Sign out everywhere?",
      description: "Every browser and device is signed out, this one included.",
      confirmLabel: "Sign out everywhere",
      isDestructive: true,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await signOutEverywhereAction();
      if (!result.ok) return setError(result.error);
      await signOut({ callbackUrl: "/login" });
    });
  }

  return (
    <div className="space-y-3">
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="sessions-table">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2 pr-3">Device</th>
              <th className="py-2 pr-3">Address</th>
              <th className="hidden py-2 pr-3 sm:table-cell">Signed in</th>
              <th className="py-2 pr-3">Last seen</th>
              <th className="py-2" />
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} className="border-t border-slate-100" data-testid="session-row">
                <td className="py-2 pr-3">
                  {s.device}
                  {s.isCurrent ? <span className="ml-1 text-xs text-green-700">(this browser)</span> : null}
                  {s.method === "sso" ? <span className="ml-1 text-xs text-slate-500">SSO</span> : null}
                </td>
                <td className="py-2 pr-3 font-mono text-xs">{s.address || "–"}</td>
                <td className="hidden py-2 pr-3 text-slate-600 sm:table-cell">
                  <DateTime value={s.createdAt} />
                </td>
                <td className="py-2 pr-3 text-slate-600">
                  <DateTime value={s.lastSeenAt} />
                </td>
                <td className="py-2 text-right">
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => void onRevoke(s)}
                    disabled={isPending}
                    aria-label={`End session ${s.device}`}
                  >
                    Revoke
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Button variant="destructive" size="sm" onClick={() => void onEverywhere()} disabled={isPending}>
        Sign out everywhere
      </Button>
      {confirmDialog}
    </div>
  );
}
