import type { Metadata } from "next";
import Link from "next/link";
import { isMailConfigured } from "@/lib/server/mail/send-mail";
import { ForgotPasswordForm } from "./forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow">
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
      </div>
    </main>
  );
}
