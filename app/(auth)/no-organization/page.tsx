import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionActor, getSessionUser } from "@/lib/server/auth/get-actor";
import { SignOutButton } from "@/components/sign-out-button";
import { AuthCard } from "@/components/auth-card";

export const metadata: Metadata = { title: "No organisation" };

export default async function NoOrganizationPage() {
  const user = await getSessionUser();
  if (!user) redirect("/login");
  if (await getSessionActor()) redirect("/phonebooks");
  return (
    <AuthCard width="md" className="space-y-3">
      <h1 className="text-xl font-semibold">You are not a member of any organisation</h1>
      <p className="text-sm text-slate-600">
        You are signed in as <strong>{user.email}</strong>. To work in an organisation, open the invitation link one of its admins sent you.
      </p>
      <SignOutButton />
    </AuthCard>
  );
}
