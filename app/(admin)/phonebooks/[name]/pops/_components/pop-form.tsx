"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Textarea } from "@/components/ui/textarea";
import { POP_FLAGS, featuresToFlags, flagsToFeatures, type TPopFeatures } from "@/lib/phonebook/pop-flags";
import { popFormSchema } from "@/lib/schemas/pop";
import type { TPopDto } from "@/lib/server/pops/pop-dto";
import { createPopAction, updatePopAction } from "../actions";

type TCountryOption = { id: number; label: string };

type TProps = {
  phonebookName: string;
  pop: TPopDto | null;
  regions: { id: string; name: string; position: number }[];
  /** The TAPI country/region IDs with their labels (name, calling code), sorted by name. */
  countries: TCountryOption[];
  canEdit: boolean;
  suggestedIndex: number;
};

type TTextField = "popIndex" | "countryCode" | "name" | "areaCode" | "accessNumber" | "minSpeed" | "maxSpeed" | "dialupEntry" | "comment";

/** Full POP form: every field of SPEC §1, validated with the shared zod schema before submit. */
export function PopForm({ phonebookName, pop, regions, countries, canEdit, suggestedIndex }: TProps) {
  const router = useRouter();
  const [isPending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [values, setValues] = useState<Record<TTextField, string>>({
    popIndex: String(pop?.popIndex ?? suggestedIndex),
    countryCode: String(pop?.countryCode ?? 1),
    name: pop?.name ?? "",
    areaCode: pop?.areaCode ?? "",
    accessNumber: pop?.accessNumber ?? "",
    minSpeed: pop?.minSpeed === null || pop?.minSpeed === undefined ? "" : String(pop.minSpeed),
    maxSpeed: pop?.maxSpeed === null || pop?.maxSpeed === undefined ? "" : String(pop.maxSpeed),
    dialupEntry: pop?.dialupEntry ?? "",
    comment: pop?.comment ?? "",
  });
  const [regionId, setRegionId] = useState(pop?.regionId ?? "");
  const [features, setFeatures] = useState<TPopFeatures>(flagsToFeatures(pop?.flags ?? 0));
  const [inService, setInService] = useState(pop?.inService ?? true);
  // A stored ID outside the TAPI list stays selectable for its POP only (it keeps its number).
  const storedUnknown = pop && !countries.some((c) => c.id === pop.countryCode) ? pop.countryCode : null;

  const set = (field: TTextField) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const flags = featuresToFlags(features);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const input = { ...values, flags, inService, regionId: regionId || null };
    const parsed = popFormSchema(pop?.countryCode ?? null).safeParse(input);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0] ?? "")] ??= issue.message;
      setErrors(next);
      setFormError("Please correct the highlighted fields.");
      return;
    }
    setErrors({});
    setFormError(null);
    startTransition(async () => {
      const result = pop ? await updatePopAction(phonebookName, pop.popIndex, input) : await createPopAction(phonebookName, input);
      if (!result.ok) {
        setErrors(result.fields);
        setFormError(result.error);
        return;
      }
      router.push(`/phonebooks/${encodeURIComponent(phonebookName)}/pops?q=${result.data.popIndex}`);
    });
  }

  const text = (field: TTextField, label: string, hint?: string, inputMode?: "numeric" | "tel") => (
    <Field label={label} htmlFor={`pop-${field}`} error={errors[field]} hint={hint}>
      <Input
        id={`pop-${field}`}
        value={values[field]}
        onChange={set(field)}
        inputMode={inputMode}
        disabled={!canEdit}
        aria-invalid={Boolean(errors[field])}
        aria-describedby={errors[field] ? `pop-${field}-error` : undefined}
      />
    </Field>
  );

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <Card>
        <h2 className="mb-3 font-medium">Where</h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {text("popIndex", "POP index", "Unique in the phone book, 1 to 2147483647", "numeric")}
          <Field
            label="Country/region (TAPI ID)"
            htmlFor="pop-country"
            error={errors.countryCode}
            hint="Connection Manager lists countries by TAPI ID; the calling code is shown beside each name"
          >
            <NativeSelect id="pop-country" value={values.countryCode} disabled={!canEdit} onChange={set("countryCode")}>
              {storedUnknown !== null ? (
                <option value={String(storedUnknown)}>{storedUnknown} · not a TAPI ID (kept as stored)</option>
              ) : null}
              {countries.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Region" htmlFor="pop-region" error={errors.regionId ?? errors.region}>
            <NativeSelect id="pop-region" value={regionId} onChange={(e) => setRegionId(e.target.value)} disabled={!canEdit}>
              <option value="">All regions</option>
              {regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name} ({r.position})
                </option>
              ))}
            </NativeSelect>
          </Field>
          {text("name", "City", "Up to 30 printable ASCII characters, no comma or quote")}
          {text("areaCode", "Area code", "Up to 10 digits; spaces and dashes are dropped", "tel")}
          {text("accessNumber", "Access number", "Required: up to 35 of digits # * - space", "tel")}
          {text("dialupEntry", "Dial-up entry", "Optional, up to 50 characters, no comma")}
        </div>
      </Card>
      <Card>
        <h2 className="mb-3 font-medium">Service</h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {text("minSpeed", "Minimum speed (bps)", undefined, "numeric")}
          {text("maxSpeed", "Maximum speed (bps)", undefined, "numeric")}
        </div>
        <fieldset className="mt-3">
          <legend className="text-xs font-medium text-slate-700">
            Service types <span className="font-normal text-slate-500">(flags = {flags})</span>
          </legend>
          <div className="mt-1 grid gap-2 sm:grid-cols-3">
            {POP_FLAGS.map((f) => (
              <label key={f.key} className="flex items-start gap-2 text-sm" title={f.description}>
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={features[f.key]}
                  disabled={!canEdit}
                  onChange={(e) => setFeatures((old) => ({ ...old, [f.key]: e.target.checked }))}
                />
                <span>
                  {f.label}
                  <span className="block text-xs text-slate-500">{f.description}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.flags ? <p className="text-xs text-red-600">{errors.flags}</p> : null}
        </fieldset>
        <label className="mt-3 flex items-center gap-2 text-sm">
          <input type="checkbox" checked={inService} disabled={!canEdit} onChange={(e) => setInService(e.target.checked)} />
          In service (out-of-service POPs are kept but not published)
        </label>
        <div className="mt-3">
          <Field label="Comment (never published)" htmlFor="pop-comment" error={errors.comment}>
            <Textarea id="pop-comment" rows={2} value={values.comment} onChange={set("comment")} disabled={!canEdit} />
          </Field>
        </div>
      </Card>
      {formError ? <Alert variant="destructive">{formError}</Alert> : null}
      {canEdit ? (
        <div className="flex gap-2">
          <Button type="submit" disabled={isPending}>
            {isPending ? "Saving…" : pop ? "Save POP" : "Add POP"}
          </Button>
          <Button type="button" variant="outline" onClick={() => router.back()}>
            Cancel
          </Button>
        </div>
      ) : null}
    </form>
  );
}
