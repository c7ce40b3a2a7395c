"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { deletePhonebookAction, updatePhonebookAction } from "./actions";

export function PhonebookRowActions({ name, description, popCount }: { name: string; description: string; popCount: number }) {
  const [isEditing, setEditing] = useState(false);
  const [newName, setNewName] = useState(name);
  const [newDescription, setNewDescription] = useState(description);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function onSave() {
    startTransition(async () => {
      const result = await updatePhonebookAction(name, { name: newName, description: newDescription });
      if (result.ok) {
        setEditing(false);
        setError(null);
      } else setError(result.fields.name ?? result.fields.description ?? result.error);
    });
  }

  function onDelete() {
    const ok = window.confirm(
      `Delete phone book ${name} with its ${popCount.toLocaleString("en")} POPs and its version history? This cannot be undone.`,
    );
    if (!ok) return;
    const purge = window.confirm(
      `Also delete ${name}'s published files from storage?\n\nOK: purge them — Connection Manager clients get "not found" from now on.\nCancel: keep them — the PBS keeps serving the last version.`,
    );
    startTransition(async () => {
      const result = await deletePhonebookAction(name, purge);
      if (!result.ok) setError(result.error);
    });
  }

  if (isEditing) {
    return (
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Input aria-label="Name" className="w-28" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <Input aria-label="Description" className="w-48" value={newDescription} onChange={(e) => setNewDescription(e.target.value)} />
        <Button size="sm" onClick={onSave} disabled={isPending}>
          Save
        </Button>
        <Button size="sm" variant="secondary" onClick={() => setEditing(false)}>
          Cancel
        </Button>
        {error ? (
          <p role="alert" className="w-full text-right text-xs text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    );
  }
  return (
    <div className="flex justify-end gap-2">
      <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
        Rename
      </Button>
      <Button size="sm" variant="danger" onClick={onDelete} disabled={isPending}>
        Delete
      </Button>
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
