import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { isMailConfigured } from "@/lib/server/mail/send-mail";
import { ForgotPasswordForm } from "./forgot-password-form";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  // Whether mail is set up is configuration of the running server, not of the build.
  await connection();
  return (
    <AuthCard width="sm" className="space-y-4">
      <h1 className="text-xl font-semibold">Reset your password</h1>
      {isMailConfigured() ? (
        <ForgotPasswordForm />
      ) : (
        <p className="text-sm text-slate-700" role="status">
          Password reset by email is not set up on this server. Ask an owner of your organisation or the service&apos;s operator.
        </p>
      )}
      <Link href="/login" className="text-sm text-brand underline">
        Back to sign-in
      </Link>
    </AuthCard>
  );
}
