import type { Metadata } from "next";
import { ResetPasswordForm } from "./reset-password-form";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "New password" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard width="sm" className="space-y-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="text-sm text-slate-600">Saving it signs this account out everywhere.</p>
      <ResetPasswordForm token={token} />
    </AuthCard>
  );
}
