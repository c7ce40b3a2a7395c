import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const actor = await requirePageActor();
  return (
    <>
      <PageHeader title="Your account" description={`${actor.email} · ${actor.role} of ${actor.orgName}`} />
      <Card>
        <h2 className="mb-3 font-medium">Change password</h2>
        <PasswordForm />
      </Card>
    </>
  );
}
