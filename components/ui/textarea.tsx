import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

// shadcn/ui textarea (new-york-v4).
function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(
        "block min-h-16 w-full rounded-md border border-input bg-background px-2.5 py-2 text-sm shadow-xs transition-[color,box-shadow] outline-none placeholder:text-slate-400 disabled:cursor-not-allowed disabled:opacity-50",
        "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/30 aria-invalid:border-destructive",
        className,
      )}
      {...props}
    />
  );
}

export { Textarea };
