import type { ComponentProps } from "react";
import { ChevronDownIcon } from "lucide-react";
import { cn } from "@/lib/cn";

/**
 * shadcn/ui native-select: a styled <select>. Used in plain forms and filters, where the value
 * must post with the form and e2e specs pick options with `selectOption`; `select.tsx` (Radix)
 * is the richer listbox for client components.
 */
function NativeSelect({ className, ...props }: ComponentProps<"select">) {
  // Width and placement classes go on the wrapper, so the chevron stays inside the box; the rest
  // (text size, colours) on the <select>.
  const classes = (className ?? "").split(/\s+/).filter(Boolean);
  const isLayout = (c: string) =>
    /^([a-z]+:)*(w-|min-w-|max-w-|flex-|basis-|grow|shrink|self-|order-|m[trblxy]?-|-m[trblxy]?-|hidden|block|inline)/.test(c);
  const layout = classes.filter(isLayout);
  const own = classes.filter((c) => !isLayout(c));
  const hasWidth = layout.some((c) => /^([a-z]+:)*(w-|flex-1)/.test(c));
  return (
    <div data-slot="native-select-wrapper" className={cn("relative", !hasWidth && "w-full", layout)}>
      <select
        data-slot="native-select"
        className={cn(
          "block h-9 w-full min-w-0 appearance-none rounded-md border border-input bg-background py-1 pr-8 pl-2.5 text-sm shadow-xs transition-[color,box-shadow] outline-none disabled:cursor-not-allowed disabled:opacity-50",
          "focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/30 aria-invalid:border-destructive",
          own,
        )}
        {...props}
      />
      <ChevronDownIcon aria-hidden className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-slate-500" />
    </div>
  );
}

export { NativeSelect };
