import { MenuIcon, XIcon } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { SignOutButton } from "@/components/sign-out-button";
import { Toaster } from "@/components/ui/sonner";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // The shell only; each page checks access itself (and sends members who must turn on 2FA to /account).
  const actor = await requirePageActor("viewer", { isAccountPage: true });
  const links = [
    { href: "/phonebooks", label: "Phone books" },
    { href: "/members", label: "Members" },
    { href: "/organization", label: "Organisation" },
    { href: "/tokens", label: "API tokens" },
    { href: "/audit", label: "Audit log" },
  ];
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
          <Link href="/phonebooks" className="font-semibold text-brand">
            PBA Cloud
          </Link>
          <nav aria-label="Main" className="hidden gap-4 whitespace-nowrap text-sm md:flex">
            {links.map((l) => (
              <Link key={l.href} href={l.href} className="text-slate-700 hover:text-brand">
                {l.label}
              </Link>
            ))}
          </nav>
          <div className="ml-auto flex min-w-0 items-center gap-3 text-sm text-slate-600">
            <Link
              href="/account"
              data-testid="whoami"
              className="min-w-0 truncate hover:text-brand"
              title={`${actor.email} · ${actor.orgName} · ${actor.role}`}
            >
              <span className="hidden sm:inline">{actor.email} · </span>
              {actor.orgName} · <strong>{actor.role}</strong>
            </Link>
            <SignOutButton />
          </div>
          {/* Below md the nav folds into a menu (a native disclosure: it works before any script loads). */}
          <details className="group order-last w-full md:hidden" data-testid="mobile-nav">
            <summary className="flex cursor-pointer list-none items-center gap-2 py-1 text-sm font-medium text-slate-700 [&::-webkit-details-marker]:hidden">
              <MenuIcon aria-hidden className="size-4 group-open:hidden" />
              <XIcon aria-hidden className="hidden size-4 group-open:inline" />
              Menu
            </summary>
            <nav aria-label="Main (menu)" className="flex flex-col gap-1 pb-2 text-sm">
              {links.map((l) => (
                <Link key={l.href} href={l.href} className="rounded px-2 py-2 text-slate-700 hover:bg-slate-100 hover:text-brand">
                  {l.label}
                </Link>
              ))}
            </nav>
          </details>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
      <Toaster />
    </div>
  );
}
