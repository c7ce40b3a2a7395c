import type { ComponentProps } from "react";
import { ChevronDownIcon } from "lucide-react";
import { cn } from "@/lib/cn";

/**
 * shadcn/ui native-select: a styled <select>. Used in plain forms and filters, where the value
 * must post with the form and e2e specs pick options with `selectOption`; `select.tsx` (Radix)
 * is the richer listbox for client components.
 */
function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  // The wrapper takes the caller's width classes so the chevron stays inside the box.
  const width = /(^|\s)(w-|min-w-|max-w-|flex-1)/.test(className ?? "") ? className : cn("w-full", className);
  return (
    <div data-slot="native-select-wrapper" className={cn("relative", width)}>
      <select
        data-slot="native-select"
        className={cn(
          "block h-9 w-full min-w-0 appearance-none rounded-md border border-input bg-background py-1 pr-8 pl-2.5 text-sm shadow-xs transition-[color,box-shadow] outline-none disabled:cursor-not-allowed disabled:opacity-50",
          "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/30 aria-invalid:border-destructive",
        )}
        {...props}
      />
      <ChevronDownIcon aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-slate-500" />
    </div>
  );
}

export { NativeSelect };
