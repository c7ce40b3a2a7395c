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
      <header className="border-b border-slate-200 bg-white">
        {/* On a phone: name and user on the first row, the nav scrolling sideways on the second. */}
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2">
          <Link href="/phonebooks" className="font-semibold text-brand">
            PBA Cloud
          </Link>
          <nav className="order-last -mx-4 flex w-[calc(100%+2rem)] gap-4 overflow-x-auto whitespace-nowrap px-4 pb-1 text-sm md:order-none md:mx-0 md:w-auto md:px-0 md:pb-0">
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
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
      <Toaster />
    </div>
  );
}
