import type { Metadata } from "next";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "New password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow">
        <h1 className="text-xl font-semibold">Choose a new password</h1>
        <p className="text-sm text-slate-600">Saving it signs this account out everywhere.</p>
        <ResetPasswordForm token={token} />
      </div>
    </main>
  );
}
