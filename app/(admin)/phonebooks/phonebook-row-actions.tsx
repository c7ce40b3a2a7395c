"use client";

import { useId, useState, useTransition } from "react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button, buttonVariants } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
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

  function onDelete(purge: boolean) {
    startTransition(async () => {
      const result = await deletePhonebookAction(name, purge);
      if (!result.ok) return setError(result.error);
      toast.success(`Deleted ${name}`, {
        description: purge ? `${result.data.purgedFiles} published file(s) removed from storage.` : "Its published files stay in storage.",
      });
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
        <Button size="sm" variant="outline" onClick={() => setEditing(false)}>
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
      <Button size="sm" variant="outline" onClick={() => setEditing(true)}>
        Rename
      </Button>
      <DeletePhonebookDialog name={name} popCount={popCount} isPending={isPending} onConfirm={onDelete} />
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Deleting asks whether to purge the published files too. Purging makes Connection Manager
 * clients get "not found", so it also asks for the phone book's name to be typed.
 */
function DeletePhonebookDialog({
  name,
  popCount,
  isPending,
  onConfirm,
}: {
  name: string;
  popCount: number;
  isPending: boolean;
  onConfirm: (purge: boolean) => void;
}) {
  const [isPurge, setPurge] = useState(false);
  const [typed, setTyped] = useState("");
  const purgeId = useId();
  const typedId = useId();
  return (
    <AlertDialog
      onOpenChange={(open) => {
        if (open) return;
        setPurge(false);
        setTyped("");
      }}
    >
      <AlertDialogTrigger asChild>
        <Button size="sm" variant="destructive" disabled={isPending}>
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete phone book {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its {popCount.toLocaleString("en")} POPs and its version history are deleted. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <div className="space-y-3 text-sm">
          <div className="flex items-start gap-2">
            <Checkbox id={purgeId} checked={isPurge} onCheckedChange={(v) => setPurge(v === true)} className="mt-0.5" />
            <Label htmlFor={purgeId} className="text-sm leading-snug font-normal text-slate-800">
              Also delete its published files from storage. Connection Manager clients then get &ldquo;not found&rdquo;; without this the
              PBS keeps serving the last version.
            </Label>
          </div>
          {isPurge ? (
            <div className="space-y-1.5">
              <Label htmlFor={typedId}>
                Type <strong className="font-mono">{name}</strong> to confirm the purge
              </Label>
              <Input id={typedId} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
          ) : null}
        </div>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            className={buttonVariants({ variant: "destructive" })}
            disabled={isPurge && typed !== name}
            onClick={() => onConfirm(isPurge)}
          >
            {isPurge ? "Delete and purge files" : "Delete phone book"}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
