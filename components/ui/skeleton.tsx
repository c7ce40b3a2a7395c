import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

// shadcn/ui skeleton (new-york-v4).
function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div data-slot="skeleton" className={cn("animate-pulse rounded-md bg-slate-200", className)} {...props} />;
}

export { Skeleton };
