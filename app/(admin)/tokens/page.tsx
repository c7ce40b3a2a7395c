import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { scopesForRole } from "@/lib/scopes";
import { requirePageActor } from "@/lib/server/auth/require-page-actor";
import { listTokens, type TTokenSummary } from "@/lib/server/tokens/list-tokens";
import { CreateTokenForm } from "./create-token-form";
import { RevokeTokenButton } from "./revoke-token-button";
import { DateTime } from "@/components/date-time";

export const metadata: Metadata = { title: "API tokens" };

const orNever = (iso: string | null) => (iso ? <DateTime value={iso} /> : "never");

function StatusBadge({ token }: { token: TTokenSummary }) {
  if (token.status === "revoked")
    return <Badge variant="destructive">revoked {token.revokedAt ? <DateTime value={token.revokedAt} precision="day" /> : null}</Badge>;
  if (token.status === "expired")
    return <Badge variant="warning">expired {token.expiresAt ? <DateTime value={token.expiresAt} precision="day" /> : null}</Badge>;
  return <Badge variant="success">active</Badge>;
}

export default async function TokensPage() {
  const actor = await requirePageActor("viewer");
  const tokens = await listTokens({ actor });
  const isAdmin = hasRole(actor.role, "admin");
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1</code>. A token acts as you, with
            only its scopes and phone books, and never more than your current role ({actor.role}).{" "}
            {isAdmin ? "You see every token of the organisation." : "You see your own tokens."} Every operation, its scope and its answers:{" "}
            <Link href="/api-reference" className="text-brand underline" data-testid="api-reference-link">
              API reference
            </Link>{" "}
            (<a href="/api/v1/openapi.json">OpenAPI 3.1</a>).
          </>
        }
      />
      <Card className="mb-4">
        {/* A token may not have more rights than its creator; the server checks this again. */}
        <CreateTokenForm allowedScopes={scopesForRole(actor.role)} />
      </Card>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm" data-testid="tokens-table">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Token</th>
              <th className="px-3 py-2">Scopes</th>
              <th className="px-3 py-2">Phone books</th>
              <th className="px-3 py-2">Created by</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Expires</th>
              <th className="px-3 py-2">Last used</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2" />
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 ? (
              <tr>
                <td colSpan={10} className="px-3 py-6 text-center text-slate-500">
                  No API token yet.
                </td>
              </tr>
            ) : null}
            {tokens.map((t) => (
              <tr key={t.id} className="border-t border-slate-100" data-testid="token-row">
                <td className="px-3 py-2 font-medium">{t.name}</td>
                <td className="px-3 py-2 font-mono text-xs text-slate-600">{t.prefix}…</td>
                <td className="px-3 py-2">{t.scopes.join(", ")}</td>
                <td className="px-3 py-2 text-slate-600">{t.phonebooks ? t.phonebooks.join(", ") : "all"}</td>
                <td className="px-3 py-2 text-slate-600">{t.createdBy.email}</td>
                <td className="px-3 py-2 text-slate-600">{orNever(t.createdAt)}</td>
                <td className="px-3 py-2 text-slate-600">{orNever(t.expiresAt)}</td>
                <td className="px-3 py-2 text-slate-600" data-testid="token-last-used">
                  {orNever(t.lastUsedAt)}
                  {t.lastUsedAddress ? <span className="block font-mono text-xs">from {t.lastUsedAddress}</span> : null}
                </td>
                <td className="px-3 py-2">
                  <StatusBadge token={t} />
                </td>
                <td className="px-3 py-2 text-right">{t.canRevoke ? <RevokeTokenButton tokenId={t.id} name={t.name} /> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}
