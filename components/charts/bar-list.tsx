/** Horizontal bars with labels and values (e.g. POPs per country). */
export function BarList({ items, title, max = 15 }: { items: { label: string; value: number }[]; title: string; max?: number }) {
  const shown = items.slice(0, max);
  const top = Math.max(1, ...shown.map((i) => i.value));
  return (
    <figure>
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <ul className="space-y-1 text-xs" role="list" aria-label={title}>
        {shown.map((item) => (
          <li key={item.label} className="flex items-center gap-2">
            <span className="w-44 truncate text-slate-700" title={item.label}>
              {item.label}
            </span>
            <span className="h-3 rounded bg-brand" style={{ width: `${Math.max(1, (100 * item.value) / top) * 0.6}%` }} />
            <span className="tabular-nums text-slate-600">{item.value.toLocaleString("en")}</span>
          </li>
        ))}
        {items.length > max ? <li className="text-slate-500">… and {items.length - max} more</li> : null}
        {items.length === 0 ? <li className="text-slate-500">No data yet.</li> : null}
      </ul>
    </figure>
  );
}
