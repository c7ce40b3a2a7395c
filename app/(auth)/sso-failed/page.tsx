import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Single sign-on refused" };

/** Page text per refusal of lib/server/sso/sso-claims.ts (TSsoFailure). */
const MESSAGES: Record<string, { title: string; text: string }> = {
  expired: { title: "Sign-in expired", text: "This sign-in took too long or was started in another browser. Start it again." },
  not_configured: { title: "Single sign-on is off", text: "The organisation changed or turned off its single sign-on meanwhile." },
  idp_error: {
    title: "The identity provider refused",
    text: "The identity provider did not confirm the sign-in (cancelled, or its answer did not check out). Start again, or ask your organisation's owner.",
  },
  email_unverified: {
    title: "Email address not verified",
    text: "Your identity provider says your email address is not verified. Verify it there, then sign in again.",
  },
  no_email: {
    title: "No email address",
    text: "Your identity provider sent no email address, so no account can be made for you. Ask your organisation's owner.",
  },
  account_exists: {
    title: "This email address already has an account",
    text: "An account with this email address exists, and it is not linked to this identity provider. For your security an identity provider can never take over an existing account. Sign in with your password, then link single sign-on from your Account page.",
  },
  already_linked: {
    title: "Linked to another account",
    text: "This identity is already linked to another account. Sign out and sign in with single sign-on instead.",
  },
  error: { title: "Sign-in failed", text: "Something went wrong on the server; it has been logged. Start the sign-in again." },
  link_session: { title: "Session changed", text: "You signed out or in as someone else during the sign-in. Start it again." },
};

export default async function SsoFailedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const reason = (await searchParams).reason;
  const message = (typeof reason === "string" ? MESSAGES[reason] : undefined) ?? MESSAGES.idp_error;
  return (
    <AuthCard width="md" className="space-y-3">
      <h1 className="text-xl font-semibold">{message?.title}</h1>
      <p className="text-sm text-slate-600" data-testid="sso-failed">
        {message?.text}
      </p>
      <Link href="/login" className="text-sm text-brand underline">
        Back to sign-in
      </Link>
    </AuthCard>
  );
}
