"use client";

import {
  rowPaginationFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type RowData,
  type RowSelectionState,
  type SortingState,
} from "@tanstack/react-table";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

/** The features of every server-driven grid: sorting, paging and selection happen on the server / in the URL. */
export const dataTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature, rowSelectionFeature });
export type TDataTableColumn<TData extends RowData> = ColumnDef<typeof dataTableFeatures, TData>;

type TProps<TData extends RowData> = {
  columns: TDataTableColumn<TData>[];
  data: TData[];
  rowCount: number;
  getRowId: (row: TData) => string;
  sorting: SortingState;
  onSortingChange: (next: SortingState) => void;
  pagination: PaginationState;
  onPaginationChange: (next: PaginationState) => void;
  rowSelection: RowSelectionState;
  onRowSelectionChange: (next: RowSelectionState) => void;
  isLoading?: boolean;
  empty?: ReactNode;
  pageSizes?: number[];
  testId?: string;
};

const resolve = <T,>(updater: T | ((old: T) => T), old: T): T =>
  typeof updater === "function" ? (updater as (old: T) => T)(old) : updater;

/**
 * The one TanStack Table wrapper: manual (server-side) sorting and paging with state owned
 * by the caller (usually the URL), page-row selection, sticky header, pager.
 */
export function DataTable<TData extends RowData>(props: TProps<TData>) {
  const { sorting, pagination, rowSelection } = props;
  const table = useTable({
    features: dataTableFeatures,
    columns: props.columns,
    data: props.data,
    getRowId: props.getRowId,
    manualSorting: true,
    manualPagination: true,
    rowCount: props.rowCount,
    enableRowSelection: true,
    enableSortingRemoval: false,
    state: { sorting, pagination, rowSelection },
    onSortingChange: (u) => props.onSortingChange(resolve(u, sorting)),
    onPaginationChange: (u) => props.onPaginationChange(resolve(u, pagination)),
    onRowSelectionChange: (u) => props.onRowSelectionChange(resolve(u, rowSelection)),
  });
  const pageCount = Math.max(1, Math.ceil(props.rowCount / pagination.pageSize));
  const first = props.rowCount === 0 ? 0 : pagination.pageIndex * pagination.pageSize + 1;
  const last = Math.min(props.rowCount, (pagination.pageIndex + 1) * pagination.pageSize);

  return (
    <div className={cn("rounded-lg border border-slate-200 bg-white", props.isLoading && "opacity-60")} aria-busy={props.isLoading}>
      <div className="max-h-[70vh] overflow-auto">
        <table className="w-full text-sm" data-testid={props.testId}>
          <thead className="sticky top-0 z-10 bg-slate-50 text-left text-xs uppercase text-slate-500">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      className="whitespace-nowrap px-2 py-2"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          <span aria-hidden>{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={props.columns.length} className="px-3 py-8 text-center text-slate-500">
                  {props.empty ?? "Nothing here."}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id} className={cn("border-t border-slate-100", row.getIsSelected() && "bg-blue-50")}>
                  {row.getAllCells().map((cell) => (
                    <td key={cell.id} className="px-2 py-1 align-middle">
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-600">
        <span data-testid="grid-range">
          {first.toLocaleString("en")}–{last.toLocaleString("en")} of {props.rowCount.toLocaleString("en")}
        </span>
        <label className="ml-auto flex items-center gap-1">
          Rows
          <select
            className="rounded border border-slate-300 px-1 py-0.5"
            value={pagination.pageSize}
            onChange={(e) => props.onPaginationChange({ pageIndex: 0, pageSize: Number(e.target.value) })}
          >
            {(props.pageSizes ?? [25, 50, 100, 200]).map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
        <PagerButton
          label="First page"
          disabled={pagination.pageIndex === 0}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: 0 })}
        >
          «
        </PagerButton>
        <PagerButton
          label="Previous page"
          disabled={pagination.pageIndex === 0}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pagination.pageIndex - 1 })}
        >
          ‹
        </PagerButton>
        <span>
          Page {pagination.pageIndex + 1} of {pageCount.toLocaleString("en")}
        </span>
        <PagerButton
          label="Next page"
          disabled={pagination.pageIndex + 1 >= pageCount}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pagination.pageIndex + 1 })}
        >
          ›
        </PagerButton>
        <PagerButton
          label="Last page"
          disabled={pagination.pageIndex + 1 >= pageCount}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pageCount - 1 })}
        >
          »
        </PagerButton>
      </div>
    </div>
  );
}

function PagerButton({
  label,
  disabled,
  onClick,
  children,
}: {
  label: string;
  disabled: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-40"
    >
      {children}
    </button>
  );
}
