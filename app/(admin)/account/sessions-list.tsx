"use client";

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import type { TSessionView } from "@/lib/server/auth/sessions";
import { revokeSessionAction, signOutEverywhereAction } from "./actions";

/** The user's live sessions with a revoke button each, and "sign out everywhere". */
export function SessionsList({ sessions }: { sessions: TSessionView[] }) {
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function onRevoke(session: TSessionView) {
    const note = session.isCurrent ? " This is the browser you are using: you will be signed out." : "";
    if (!window.confirm(`End the session of ${session.device} (${session.address || "unknown address"})?${note}`)) return;
    startTransition(async () => {
      const result = await revokeSessionAction(session.id);
      if (!result.ok) return setError(result.error);
      if (result.data.isCurrent) await signOut({ callbackUrl: "/login" });
    });
  }

  function onEverywhere() {
    if (!window.confirm("Sign out of every browser and device, this one included?")) return;
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
                  <time dateTime={s.createdAt} title={s.createdAt}>
                    {new Date(s.createdAt).toLocaleString()}
                  </time>
                </td>
                <td className="py-2 pr-3 text-slate-600">
                  <time dateTime={s.lastSeenAt} title={s.lastSeenAt}>
                    {new Date(s.lastSeenAt).toLocaleString()}
                  </time>
                </td>
                <td className="py-2 text-right">
                  <Button
                    size="sm"
                    variant="secondary"
                    onClick={() => onRevoke(s)}
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
      {error ? <Alert>{error}</Alert> : null}
      <Button variant="danger" size="sm" onClick={onEverywhere} disabled={isPending}>
        Sign out everywhere
      </Button>
    </div>
  );
}
