"use client";

import { useState, useTransition, type KeyboardEvent } from "react";
import { ZPopPatch } from "@/lib/schemas/pop";
import { updatePopAction } from "../actions";

/**
 * A grid cell edited in place: click to edit, Enter saves, Escape cancels. The value is
 * checked with the same zod schema as the server before it is sent; server errors show
 * under the input.
 */
export function EditableCell({
  phonebookName,
  popIndex,
  field,
  value,
  canEdit,
  label,
}: {
  phonebookName: string;
  popIndex: number;
  field: "name" | "areaCode" | "accessNumber" | "dialupEntry";
  value: string;
  canEdit: boolean;
  label: string;
}) {
  const [isEditing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  if (!canEdit) return <span>{value}</span>;
  if (!isEditing) {
    return (
      <button
        type="button"
        className="min-h-6 w-full rounded px-1 text-left hover:bg-slate-100"
        title={`Edit ${label}`}
        aria-label={`Edit ${label} of POP ${popIndex}`}
        onClick={() => {
          setDraft(value);
          setError(null);
          setEditing(true);
        }}
      >
        {value || <span className="text-slate-300">—</span>}
      </button>
    );
  }

  function onSave() {
    const parsed = ZPopPatch.safeParse({ [field]: draft });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid value");
      return;
    }
    startTransition(async () => {
      const result = await updatePopAction(phonebookName, popIndex, { [field]: draft });
      if (result.ok) setEditing(false);
      else setError(result.fields[field] ?? result.error);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") onSave();
    if (event.key === "Escape") setEditing(false);
  }

  return (
    <div className="min-w-32">
      <input
        autoFocus
        aria-label={`${label} of POP ${popIndex}`}
        aria-invalid={Boolean(error)}
        className="w-full rounded border border-brand px-1 py-0.5 text-sm aria-[invalid=true]:border-red-500"
        value={draft}
        disabled={isPending}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => !error && !isPending && draft === value && setEditing(false)}
      />
      {error ? (
        <p role="alert" className="mt-0.5 max-w-64 text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
