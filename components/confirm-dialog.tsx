"use client";

import { useCallback, useId, useRef, useState, type ReactNode } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { buttonVariants } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export type TConfirmOptions = {
  title: string;
  description?: ReactNode;
  /** The label of the confirming button (and its accessible name), e.g. "Delete". */
  confirmLabel: string;
  cancelLabel?: string;
  isDestructive?: boolean;
  /** The confirming button stays disabled until the user has typed exactly this (a phone book's name). */
  typeToConfirm?: string;
};

type TRequest = { options: TConfirmOptions; isOpen: boolean; key: number };

/**
 * An AlertDialog driven like `window.confirm`: `if (!(await confirm({...}))) return;`.
 * Render the returned element once in the component that calls `confirm`.
 */
export function useConfirm(): [(options: TConfirmOptions) => Promise<boolean>, ReactNode] {
  const [request, setRequest] = useState<TRequest | null>(null);
  const resolveRef = useRef<((ok: boolean) => void) | null>(null);

  const confirm = useCallback((options: TConfirmOptions) => {
    resolveRef.current?.(false);
    return new Promise<boolean>((resolve) => {
      resolveRef.current = resolve;
      setRequest((r) => ({ options, isOpen: true, key: (r?.key ?? 0) + 1 }));
    });
  }, []);

  const settle = useCallback((ok: boolean) => {
    resolveRef.current?.(ok);
    resolveRef.current = null;
    // The options stay while the dialog animates out.
    setRequest((r) => (r ? { ...r, isOpen: false } : r));
  }, []);

  const dialog = request ? <ConfirmDialog key={request.key} options={request.options} isOpen={request.isOpen} onSettle={settle} /> : null;
  return [confirm, dialog];
}

function ConfirmDialog({ options, isOpen, onSettle }: { options: TConfirmOptions; isOpen: boolean; onSettle: (ok: boolean) => void }) {
  const [typed, setTyped] = useState("");
  const inputId = useId();
  const isBlocked = options.typeToConfirm !== undefined && typed !== options.typeToConfirm;
  return (
    <AlertDialog open={isOpen} onOpenChange={(open) => (open ? undefined : onSettle(false))}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{options.title}</AlertDialogTitle>
          {options.description ? (
            <AlertDialogDescription asChild={typeof options.description !== "string"}>{wrap(options.description)}</AlertDialogDescription>
          ) : null}
        </AlertDialogHeader>
        {options.typeToConfirm !== undefined ? (
          <div className="space-y-1.5">
            <Label htmlFor={inputId}>
              Type <strong className="font-mono">{options.typeToConfirm}</strong> to confirm
            </Label>
            <Input id={inputId} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
          </div>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>{options.cancelLabel ?? "Cancel"}</AlertDialogCancel>
          <AlertDialogAction
            disabled={isBlocked}
            className={options.isDestructive ? buttonVariants({ variant: "destructive" }) : undefined}
            onClick={() => onSettle(true)}
          >
            {options.confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

// A string description is a <p> (Radix's own element); richer content brings its own block element.
function wrap(description: ReactNode): ReactNode {
  return typeof description === "string" ? description : <div>{description}</div>;
}
