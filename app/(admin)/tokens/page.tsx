import type { Metadata } from "next";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { hasRole, ROLES } from "@/lib/roles";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listTokens } from "@/lib/server/tokens/list-tokens";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";

export const metadata: Metadata = { title: "API tokens" };

const formatTime = (iso: string | null): string => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : "never");

export default async function TokensPage() {
  const actor = await requirePageActor("admin");
  const tokens = await listTokens({ actor });
  // A token may not have more rights than its creator; the server checks this again.
  const allowedRoles = ROLES.filter((r) => hasRole(actor.role, r));
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. A token acts as its creator,
            with at most the role chosen here.
          </>
        }
      />
      <Card className="mb-4">
        <CreateTokenForm allowedRoles={allowedRoles} />
      </Card>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm" data-testid="tokens-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Token</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Created by</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Last used</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-500">
                  No API token yet.
                </td>
              </tr>
            ) : null}
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-100" data-testid="token-row">
                <td className="px-3 py-2 font-medium">{t.name}</td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">{t.prefix}…</td>
                <td className="px-3 py-2">{t.role}</td>
                <td className="px-3 py-2 text-slate-600">{t.createdBy.email}</td>
                <td className="px-3 py-2 text-slate-600">{formatTime(t.createdAt)}</td>
                <td className="px-3 py-2 text-slate-600">{formatTime(t.lastUsedAt)}</td>
                <td className="px-3 py-2">
                  {t.isActive ? <Badge tone="green">active</Badge> : <Badge tone="red">revoked {t.revokedAt?.slice(0, 10)}</Badge>}
                </td>
                <td className="px-3 py-2 text-right">{t.isActive ? <RevokeTokenButton tokenId={t.id} name={t.name} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
