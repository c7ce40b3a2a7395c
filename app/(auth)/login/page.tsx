import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { safeNextPath } from "@/lib/safe-next-path";
import { SsoSignInForm } from "../sso/sso-button";
import { LoginForm } from "./login-form";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if (await getSessionUser()) redirect(next);
  return (
    <AuthCard width="sm">
      <h1 className="mb-1 text-xl font-semibold">PBA Cloud</h1>
      <p className="mb-4 text-sm text-slate-600">Phone Book Administrator — sign in</p>
      <LoginForm next={next} />
      <div className="my-4 flex items-center gap-2 text-xs text-slate-500" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
      </div>
      <SsoSignInForm />
    </AuthCard>
  );
}
