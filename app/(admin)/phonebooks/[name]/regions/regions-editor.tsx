"use client";

import { useState, useTransition, type FormEvent } from "react";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ZRegionInput } from "@/lib/schemas/region";
import type { TRegionDto } from "@/lib/server/regions/list-regions";
import { createRegionAction, deleteRegionAction, renameRegionAction } from "./actions";

export function RegionsEditor({ phonebookName, regions, canEdit }: { phonebookName: string; regions: TRegionDto[]; canEdit: boolean }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function onCreate(event: FormEvent) {
    event.preventDefault();
    const parsed = ZRegionInput.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid name");
      return;
    }
    startTransition(async () => {
      const result = await createRegionAction(phonebookName, { name });
      if (result.ok) {
        setName("");
        setError(null);
        setNotice(`Region ${result.data.name} added at position ${result.data.position}`);
      } else setError(result.fields.name ?? result.error);
    });
  }

  return (
    <div className="space-y-4">
      {canEdit ? (
        <form onSubmit={onCreate} className="flex items-start gap-2" noValidate>
          <div className="w-72">
            <Field label="New region" htmlFor="region-name" error={error ?? undefined} hint="Up to 31 ASCII characters, no comma">
              <Input id="region-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(error)} />
            </Field>
          </div>
          <Button type="submit" className="mt-5" disabled={isPending}>
            Add region
          </Button>
        </form>
      ) : null}
      {notice ? <Alert variant="success">{notice}</Alert> : null}
      <table className="w-full text-sm" data-testid="regions-table">
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1">Position</th>
            <th>Name</th>
            <th className="text-right">POPs</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {regions.length === 0 ? (
            <tr>
              <td colSpan={4} className="py-4 text-center text-slate-500">
                No region: every POP belongs to all regions.
              </td>
            </tr>
          ) : null}
          {regions.map((r) => (
            <RegionRow key={r.id} phonebookName={phonebookName} region={r} canEdit={canEdit} onNotice={setNotice} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RegionRow({
  phonebookName,
  region,
  canEdit,
  onNotice,
}: {
  phonebookName: string;
  region: TRegionDto;
  canEdit: boolean;
  onNotice: (m: string) => void;
}) {
  const [isEditing, setEditing] = useState(false);
  const [name, setName] = useState(region.name);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();
  const [confirm, confirmDialog] = useConfirm();

  function onRename() {
    startTransition(async () => {
      const result = await renameRegionAction(phonebookName, region.id, { name });
      if (result.ok) {
        setEditing(false);
        setError(null);
      } else setError(result.fields.name ?? result.error);
    });
  }

  async function onDelete() {
    const what = region.popCount === 0 ? "It has no POP." : `Its ${region.popCount} POP(s) will belong to all regions.`;
    const isOk = await confirm({
      title: `Delete region ${region.name}?`,
      description: `${what} Position ${region.position} becomes free for the next new region.`,
      confirmLabel: "Delete region",
      isDestructive: true,
    });
    if (!isOk) return;
    startTransition(async () => {
      const result = await deleteRegionAction(phonebookName, region.id);
      if (result.ok) onNotice(`Region ${region.name} deleted; ${result.data.movedPops} POP(s) moved to all regions`);
      else setError(result.error);
    });
  }

  return (
    <tr className="border-t border-slate-100">
      <td className="py-1 tabular-nums">{region.position}</td>
      <td>
        {isEditing ? (
          <div>
            <Input aria-label={`New name for ${region.name}`} value={name} onChange={(e) => setName(e.target.value)} className="w-64" />
            {error ? (
              <p role="alert" className="text-xs text-red-600">
                {error}
              </p>
            ) : null}
          </div>
        ) : (
          region.name
        )}
      </td>
      <td className="text-right tabular-nums">{region.popCount}</td>
      <td className="text-right">
        {canEdit ? (
          isEditing ? (
            <span className="flex justify-end gap-1">
              <Button size="sm" onClick={onRename} disabled={isPending}>
                Save
              </Button>
              <Button size="sm" variant="outline" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </span>
          ) : (
            <span className="flex justify-end gap-1">
              <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
                Rename
              </Button>
              <Button size="sm" variant="destructive" onClick={() => void onDelete()} disabled={isPending}>
                Delete
              </Button>
            </span>
          )
        ) : null}
        {!isEditing && error ? (
          <p role="alert" className="text-xs text-red-600">
            {error}
          </p>
        ) : null}
        {confirmDialog}
      </td>
    </tr>
  );
}
