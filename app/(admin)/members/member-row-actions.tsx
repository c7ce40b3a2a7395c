"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { TRole } from "@/lib/roles";
import { removeMemberAction, updateMemberRoleAction } from "./actions";

type TProps = { userId: string; email: string; role: TRole; grantableRoles: TRole[]; canManage: boolean; isSelf: boolean };

/** Role select and remove button of one member row; changes apply at the member's next request. */
export function MemberRowActions({ userId, email, role, grantableRoles, canManage, isSelf }: TProps) {
  const [error, setError] = useState<string | null>(null);
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

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
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
    </div>
  );
}
