"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { TRole } from "@/lib/roles";
import { removeMemberAction, sendMemberResetAction, unlockMemberAction, updateMemberRoleAction } from "./actions";

type TProps = {
  userId: string;
  email: string;
  role: TRole;
  grantableRoles: TRole[];
  canManage: boolean;
  isSelf: boolean;
  /** Owners unlock sign-in and send reset links (the latter only with SMTP). */
  ownerTools: { canReset: boolean } | null;
};

/** Role select and remove button of one member row; changes apply at the member's next request. */
export function MemberRowActions({ userId, email, role, grantableRoles, canManage, isSelf, ownerTools }: TProps) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const options = grantableRoles.includes(role) ? grantableRoles : [...grantableRoles, role];

  function onRoleChange(next: string) {
    if (next === role) return;
    const note = isSelf ? " Your own rights change at once." : " It applies at their next click.";
    if (!window.confirm(`Change ${email} from ${role} to ${next}?${note}`)) return;
    startTransition(async () => {
      const result = await updateMemberRoleAction(userId, next);
      setError(result.ok ? null : (result.fields.role ?? result.error));
    });
  }

  function onRemove() {
    const ok = window.confirm(
      `Remove ${email} from this organisation? Their API tokens for it are revoked and they lose access to it at once (their other organisations are not affected).`,
    );
    if (!ok) return;
    startTransition(async () => {
      const result = await removeMemberAction(userId);
      if (!result.ok) setError(result.error);
    });
  }

  function onUnlock() {
    startTransition(async () => {
      const result = await unlockMemberAction(userId);
      setError(result.ok ? null : result.error);
      setNotice(result.ok ? `Sign-in delays cleared for ${email}` : null);
    });
  }

  function onReset() {
    if (!window.confirm(`Email ${email} a link to set a new password? Their current password keeps working until they use it.`)) return;
    startTransition(async () => {
      const result = await sendMemberResetAction(userId);
      setError(result.ok ? null : result.error);
      setNotice(result.ok ? `Reset link emailed to ${email}` : null);
    });
  }

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {ownerTools && !isSelf ? (
        <>
          <Button size="sm" variant="secondary" onClick={onUnlock} disabled={isPending} title="Clear this member's sign-in delays">
            Unlock
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={onReset}
            disabled={isPending || !ownerTools.canReset}
            title={ownerTools.canReset ? "Email a password reset link" : "Needs SMTP (SMTP_URL) on the server"}
          >
            Reset password
          </Button>
        </>
      ) : null}
      <Select
        aria-label={`Role of ${email}`}
        className="w-28"
        value={role}
        disabled={!canManage || isPending}
        onChange={(e) => onRoleChange(e.target.value)}
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      <Button size="sm" variant="danger" onClick={onRemove} disabled={!canManage || isPending}>
        Remove
      </Button>
      {error ? (
        <p role="alert" className="w-full text-right text-xs text-red-600">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="w-full text-right text-xs text-green-700">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
