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
import {
  ArrowDownIcon,
  ArrowUpDownIcon,
  ArrowUpIcon,
  ChevronLeftIcon,
  ChevronRightIcon,
  ChevronsLeftIcon,
  ChevronsRightIcon,
} from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

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
          <TableHeader className="sticky top-0 z-10 bg-slate-50 text-xs uppercase">
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id} className="hover:bg-transparent">
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <TableHead
                      key={header.id}
                      className="text-slate-500"
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 uppercase hover:text-slate-900"
                          onClick={header.column.getToggleSortingHandler()}
                        >
                          <table.FlexRender header={header} />
                          {sorted === "asc" ? (
                            <ArrowUpIcon aria-hidden className="size-3.5" />
                          ) : sorted === "desc" ? (
                            <ArrowDownIcon aria-hidden className="size-3.5" />
                          ) : (
                            <ArrowUpDownIcon aria-hidden className="size-3.5 opacity-50" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <TableBody>
            {table.getRowModel().rows.length === 0 ? (
              <TableRow className="hover:bg-transparent">
                <TableCell colSpan={props.columns.length} className="px-3 py-8 text-center text-slate-500">
                  {props.empty ?? "Nothing here."}
                </TableCell>
              </TableRow>
            ) : (
              table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-state={row.getIsSelected() ? "selected" : undefined}>
                  {row.getAllCells().map((cell) => (
                    <TableCell key={cell.id} className="py-1">
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </table>
      </div>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 px-3 py-2 text-sm text-slate-600">
        <span data-testid="grid-range">
          {first.toLocaleString("en")}–{last.toLocaleString("en")} of {props.rowCount.toLocaleString("en")}
        </span>
        <div className="ml-auto flex items-center gap-1">
          <span aria-hidden>Rows</span>
          <NativeSelect
            aria-label="Rows per page"
            className="w-20"
            value={pagination.pageSize}
            onChange={(e) => props.onPaginationChange({ pageIndex: 0, pageSize: Number(e.target.value) })}
          >
            {(props.pageSizes ?? [25, 50, 100, 200]).map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </NativeSelect>
        </div>
        <PagerButton
          label="First page"
          disabled={pagination.pageIndex === 0}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: 0 })}
        >
          <ChevronsLeftIcon />
        </PagerButton>
        <PagerButton
          label="Previous page"
          disabled={pagination.pageIndex === 0}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pagination.pageIndex - 1 })}
        >
          <ChevronLeftIcon />
        </PagerButton>
        <span>
          Page {pagination.pageIndex + 1} of {pageCount.toLocaleString("en")}
        </span>
        <PagerButton
          label="Next page"
          disabled={pagination.pageIndex + 1 >= pageCount}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pagination.pageIndex + 1 })}
        >
          <ChevronRightIcon />
        </PagerButton>
        <PagerButton
          label="Last page"
          disabled={pagination.pageIndex + 1 >= pageCount}
          onClick={() => props.onPaginationChange({ ...pagination, pageIndex: pageCount - 1 })}
        >
          <ChevronsRightIcon />
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
    <Button type="button" variant="outline" size="icon" className="size-7" aria-label={label} disabled={disabled} onClick={onClick}>
      {children}
    </Button>
  );
}
