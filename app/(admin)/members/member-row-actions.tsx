"use client";

import { useState, useTransition } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
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
  const [confirm, confirmDialog] = useConfirm();
  const options = grantableRoles.includes(role) ? grantableRoles : [...grantableRoles, role];

  async function onRoleChange(next: string) {
    if (next === role) return;
    const note = isSelf ? " Your own rights change at once." : " It applies at their next click.";
    const isOk = await confirm({
      title: `Change ${email} from ${role} to ${next}?`,
      description: note.trim(),
      confirmLabel: `Make ${next}`,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await updateMemberRoleAction(userId, next);
      setError(result.ok ? null : (result.fields.role ?? result.error));
    });
  }

  async function onRemove() {
    const isOk = await confirm({
      title: `Remove ${email} from this organisation?`,
      description: "Their API tokens for it are revoked and they lose access to it at once (their other organisations are not affected).",
      confirmLabel: "Remove member",
      isDestructive: true,
    });
    if (!isOk) return;
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

  async function onReset() {
    const isOk = await confirm({
      title: `Email ${email} a password reset link?`,
      description: "Their current password keeps working until they use the link.",
      confirmLabel: "Send reset link",
    });
    if (!isOk) return;
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
          <Button size="sm" variant="outline" onClick={onUnlock} disabled={isPending} title="Clear this member's sign-in delays">
            Unlock
          </Button>
          <Button
            size="sm"
            variant="outline"
            onClick={() => void onReset()}
            disabled={isPending || !ownerTools.canReset}
            title={ownerTools.canReset ? "Email a password reset link" : "Needs SMTP (SMTP_URL) on the server"}
          >
            Reset password
          </Button>
        </>
      ) : null}
      <NativeSelect
        aria-label={`Role of ${email}`}
        className="w-28"
        value={role}
        disabled={!canManage || isPending}
        onChange={(e) => void onRoleChange(e.target.value)}
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </NativeSelect>
      <Button size="sm" variant="destructive" onClick={() => void onRemove()} disabled={!canManage || isPending}>
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
      {confirmDialog}
    </div>
  );
}
