"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState, useTransition } from "react";
import type { PaginationState, RowSelectionState, SortingState } from "@tanstack/react-table";
import { DownloadIcon } from "lucide-react";
import { DataTable } from "@/components/data-table/data-table";
import { useConfirm } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { POP_FLAGS } from "@/lib/phonebook/pop-flags";
import type { TPopDto } from "@/lib/server/pops/pop-dto";
import type { TPopListQuery } from "@/lib/schemas/pop";
import { bulkPopsAction } from "../actions";
import { popColumns } from "./pop-columns";

type TProps = {
  phonebookName: string;
  rows: TPopDto[];
  total: number;
  query: TPopListQuery;
  regions: { id: string; name: string; position: number }[];
  countryCodes: { code: number; label: string }[];
  countryNames: Record<number, string>;
  canEdit: boolean;
};

/** The POP grid: every sort, filter and page lives in the URL and is applied by the server. */
export function PopsTable(props: TProps) {
  const { query, phonebookName } = props;
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isLoading, startTransition] = useTransition();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [search, setSearch] = useState(query.q ?? "");
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [confirm, confirmDialog] = useConfirm();

  function setParams(changes: Record<string, string | undefined>, resetPage = true) {
    const next = new URLSearchParams(searchParams.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === "") next.delete(key);
      else next.set(key, value);
    }
    if (resetPage && !("page" in changes)) next.delete("page");
    setRowSelection({});
    startTransition(() => router.push(`${pathname}?${next.toString()}`, { scroll: false }));
  }

  // Debounced search box → URL.
  useEffect(() => {
    if ((query.q ?? "") === search) return;
    const timer = setTimeout(() => setParams({ q: search || undefined }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const sorting: SortingState = [{ id: query.sort.replace(/^-/, ""), desc: query.sort.startsWith("-") }];
  const pagination: PaginationState = { pageIndex: query.page - 1, pageSize: query.pageSize };
  const columns = useMemo(
    () => popColumns({ phonebookName, canEdit: props.canEdit, countryNames: props.countryNames, regions: props.regions }),
    [phonebookName, props.canEdit, props.countryNames, props.regions],
  );
  const selected = Object.keys(rowSelection)
    .filter((k) => rowSelection[k])
    .map(Number);

  async function onBulk(action: "delete" | "setInService" | "setOutOfService") {
    if (
      action === "delete" &&
      !(await confirm({
        title: `Delete ${selected.length} POP(s)?`,
        description: "They are removed from the next published version.",
        confirmLabel: "Delete POPs",
        isDestructive: true,
      }))
    )
      return;
    startTransition(async () => {
      const result = await bulkPopsAction(phonebookName, { popIndexes: selected, action });
      if (result.ok) {
        setRowSelection({});
        setMessage({ kind: "success", text: `${result.data.affected} POP(s) updated` });
      } else setMessage({ kind: "error", text: result.error });
    });
  }

  return (
    <div className="space-y-3">
      {confirmDialog}
      <div className="flex flex-wrap items-end gap-2">
        <Input
          aria-label="Search POPs"
          placeholder="Search city, number, area code, index…"
          className="w-72"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <NativeSelect
          aria-label="Filter by country"
          className="w-52"
          value={query.countryCode ?? ""}
          onChange={(e) => setParams({ countryCode: e.target.value || undefined })}
        >
          <option value="">All countries</option>
          {props.countryCodes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          aria-label="Filter by region"
          className="w-44"
          value={query.region ?? ""}
          onChange={(e) => setParams({ region: e.target.value || undefined })}
        >
          <option value="">All regions</option>
          <option value="none">No region (all regions)</option>
          {props.regions.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} ({r.position})
            </option>
          ))}
        </NativeSelect>
        <NativeSelect
          aria-label="Filter by service state"
          className="w-44"
          value={query.inService ?? ""}
          onChange={(e) => setParams({ inService: e.target.value || undefined })}
        >
          <option value="">In and out of service</option>
          <option value="true">In service</option>
          <option value="false">Out of service</option>
        </NativeSelect>
        <NativeSelect
          aria-label="Filter by service type"
          className="w-44"
          value={query.flag ?? ""}
          onChange={(e) => setParams({ flag: e.target.value || undefined })}
        >
          <option value="">Any service type</option>
          {POP_FLAGS.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
          {POP_FLAGS.map((f) => (
            <option key={`!${f.key}`} value={`!${f.key}`}>
              {f.offLabel}
            </option>
          ))}
        </NativeSelect>
        <Button asChild variant="outline" className="ml-auto">
          <a href={`/api/v1/phonebooks/${encodeURIComponent(phonebookName)}/export.csv`}>
            <DownloadIcon aria-hidden />
            Export CSV
          </a>
        </Button>
        {props.canEdit ? (
          <Link href={`/phonebooks/${encodeURIComponent(phonebookName)}/pops/new`}>
            <Button type="button">Add POP</Button>
          </Link>
        ) : null}
      </div>
      {props.canEdit && selected.length > 0 ? (
        <div className="flex items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm" data-testid="bulk-bar">
          <span>{selected.length} selected</span>
          <Button size="sm" variant="outline" onClick={() => void onBulk("setInService")} disabled={isLoading}>
            Put in service
          </Button>
          <Button size="sm" variant="outline" onClick={() => void onBulk("setOutOfService")} disabled={isLoading}>
            Take out of service
          </Button>
          <Button size="sm" variant="destructive" onClick={() => void onBulk("delete")} disabled={isLoading}>
            Delete
          </Button>
        </div>
      ) : null}
      {message ? <Alert variant={message.kind === "error" ? "destructive" : "success"}>{message.text}</Alert> : null}
      <DataTable
        testId="pops-grid"
        columns={columns}
        data={props.rows}
        rowCount={props.total}
        getRowId={(row) => String(row.popIndex)}
        sorting={sorting}
        onSortingChange={(next) => {
          const first = next[0];
          setParams({ sort: first ? `${first.desc ? "-" : ""}${first.id}` : undefined });
        }}
        pagination={pagination}
        onPaginationChange={(next) =>
          setParams(
            {
              page: next.pageIndex > 0 ? String(next.pageIndex + 1) : undefined,
              pageSize: next.pageSize === 50 ? undefined : String(next.pageSize),
            },
            false,
          )
        }
        rowSelection={rowSelection}
        onRowSelectionChange={setRowSelection}
        isLoading={isLoading}
        empty={
          query.q || query.region || query.countryCode || query.inService || query.flag ? "No POP matches these filters." : "No POP yet."
        }
      />
    </div>
  );
}
