import type { Metadata } from "next";
import Link from "next/link";
import { ZSsoSlug } from "@/lib/schemas/sso";
import { getSessionUser } from "@/lib/server/auth/get-actor";
import { AppError } from "@/lib/server/errors";
import { findSsoOrganization, NO_SSO_MESSAGE } from "@/lib/server/sso/start-sso";
import { SsoButton } from "../sso-button";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Single sign-on" };

async function organizationOf(slug: string) {
  const parsed = ZSsoSlug.safeParse(decodeURIComponent(slug));
  if (!parsed.success) return null;
  try {
    return (await findSsoOrganization(parsed.data)).org;
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

export default async function SsoOrganizationPage({ params }: { params: Promise<{ slug: string }> }) {
  const org = await organizationOf((await params).slug);
  const user = await getSessionUser();
  return (
    <AuthCard width="sm" className="space-y-3">
      <h1 className="text-xl font-semibold">Single sign-on</h1>
      {org ? (
        <>
          <p className="text-sm text-slate-600">
            Sign in to <strong>{org.name}</strong> with its identity provider.
            {user ? ` You are signed in as ${user.email}: your account will be linked to it.` : ""}
          </p>
          <SsoButton slug={org.slug} mode={user ? "continue" : "sign-in"} label={`Continue to ${org.name}`} />
        </>
      ) : (
        <p className="text-sm text-slate-600">{NO_SSO_MESSAGE}</p>
      )}
      <p className="text-xs">
        <Link href="/login" className="text-slate-600 underline hover:text-brand">
          Back to sign-in
        </Link>
      </p>
    </AuthCard>
  );
}
