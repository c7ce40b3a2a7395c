"use client";

import Link from "next/link";
import type { TDataTableColumn } from "@/components/data-table/data-table";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { POP_FLAGS, flagsToFeatures } from "@/lib/phonebook/pop-flags";
import type { TPopDto } from "@/lib/server/pops/pop-dto";
import { EditableCell } from "./editable-cell";
import { ServiceToggle } from "./service-toggle";

/** Columns of the POP grid; `id`s equal the server's sort keys. */
export function popColumns(options: {
  phonebookName: string;
  canEdit: boolean;
  countryNames: Record<number, string>;
  regions: readonly { id: string; position: number }[];
}): TDataTableColumn<TPopDto>[] {
  const { phonebookName, canEdit, countryNames } = options;
  const positions = new Map(options.regions.map((r) => [r.id, r.position]));
  const editable = (field: "name" | "areaCode" | "accessNumber" | "dialupEntry", label: string) =>
    function Cell({ row }: { row: { original: TPopDto } }) {
      return (
        <EditableCell
          phonebookName={phonebookName}
          popIndex={row.original.popIndex}
          field={field}
          value={row.original[field]}
          canEdit={canEdit}
          label={label}
        />
      );
    };
  return [
    {
      id: "select",
      enableSorting: false,
      header: ({ table }) => (
        <Checkbox
          aria-label="Select all POPs on this page"
          checked={table.getIsAllPageRowsSelected() ? true : table.getIsSomePageRowsSelected() ? "indeterminate" : false}
          onCheckedChange={(value) => table.toggleAllPageRowsSelected(value === true)}
        />
      ),
      cell: ({ row }) => (
        <Checkbox
          aria-label={`Select POP ${row.original.popIndex}`}
          checked={row.getIsSelected()}
          onCheckedChange={(value) => row.toggleSelected(value === true)}
        />
      ),
    },
    {
      id: "popIndex",
      accessorKey: "popIndex",
      header: "Index",
      cell: ({ row }) => <span className="tabular-nums">{row.original.popIndex}</span>,
    },
    {
      id: "countryCode",
      accessorKey: "countryCode",
      header: "Country",
      cell: ({ row }) => (
        <span title={countryNames[row.original.countryCode] ?? "not a TAPI country/region ID"} className="whitespace-nowrap">
          {row.original.countryCode}{" "}
          <span className="text-xs text-slate-500">{countryNames[row.original.countryCode] ?? "not a TAPI ID"}</span>
        </span>
      ),
    },
    {
      id: "region",
      accessorKey: "region",
      header: "Region",
      cell: ({ row }) =>
        row.original.regionId === null ? (
          <span className="text-slate-400" title=".pbr position 0">
            all
          </span>
        ) : (
          <span className="whitespace-nowrap" title=".pbr position">
            {row.original.region} <span className="text-xs tabular-nums text-slate-500">{positions.get(row.original.regionId) ?? ""}</span>
          </span>
        ),
    },
    { id: "name", accessorKey: "name", header: "City", cell: editable("name", "City") },
    { id: "areaCode", accessorKey: "areaCode", header: "Area code", cell: editable("areaCode", "Area code") },
    { id: "accessNumber", accessorKey: "accessNumber", header: "Access number", cell: editable("accessNumber", "Access number") },
    {
      id: "minSpeed",
      accessorKey: "minSpeed",
      header: "Speed (bps)",
      cell: ({ row }) => (
        <span className="whitespace-nowrap tabular-nums text-xs">
          {row.original.minSpeed ?? "–"} … {row.original.maxSpeed ?? "–"}
        </span>
      ),
    },
    {
      id: "flags",
      accessorKey: "flags",
      header: "Services",
      cell: ({ row }) => {
        // Show what differs from a plain POP: positive bits that are set, services that are missing.
        const features = flagsToFeatures(row.original.flags);
        const notes = POP_FLAGS.flatMap((f): { key: string; text: string; tone: "destructive" | "info" }[] =>
          f.negative
            ? features[f.key]
              ? []
              : [{ key: f.key, text: f.offLabel, tone: "destructive" as const }]
            : features[f.key]
              ? [{ key: f.key, text: f.label, tone: "info" as const }]
              : [],
        );
        return (
          <span className="flex flex-wrap gap-0.5" title={`flags = ${row.original.flags}`}>
            {notes.length === 0 ? <span className="text-xs text-slate-400">all services</span> : null}
            {notes.map((n) => (
              <Badge key={n.key} variant={n.tone}>
                {n.text}
              </Badge>
            ))}
          </span>
        );
      },
    },
    { id: "dialupEntry", accessorKey: "dialupEntry", header: "Dial-up entry", cell: editable("dialupEntry", "Dial-up entry") },
    {
      id: "inService",
      accessorKey: "inService",
      header: "In service",
      cell: ({ row }) => (
        <ServiceToggle
          phonebookName={phonebookName}
          popIndex={row.original.popIndex}
          inService={row.original.inService}
          canEdit={canEdit}
        />
      ),
    },
    {
      id: "actions",
      enableSorting: false,
      header: "",
      cell: ({ row }) => (
        <Link
          className="text-xs text-brand hover:underline"
          href={`/phonebooks/${encodeURIComponent(phonebookName)}/pops/${row.original.popIndex}`}
        >
          {canEdit ? "Edit" : "View"}
        </Link>
      ),
    },
  ];
}
