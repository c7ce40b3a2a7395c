import type { THitBucket } from "@/lib/server/pbs/pbs-stats";

const SERIES = [
  { key: "noUpdate", label: "no update (204)", color: "#94a3b8" },
  { key: "delta", label: "delta cab", color: "#1d4ed8" },
  { key: "full", label: "full cab", color: "#16a34a" },
  { key: "error", label: "errors", color: "#dc2626" },
] as const;

/** Stacked bars of PBS hits per hour (server-rendered SVG, no client JavaScript). */
export function HitsChart({ buckets, title }: { buckets: THitBucket[]; title: string }) {
  const width = 720;
  const height = 150;
  const pad = 30;
  const totals = buckets.map((b) => b.full + b.delta + b.noUpdate + b.error);
  const max = Math.max(1, ...totals);
  const step = (width - pad * 2) / Math.max(1, buckets.length);
  const sum = (key: (typeof SERIES)[number]["key"]) => buckets.reduce((n, b) => n + b[key], 0);
  return (
    <figure>
      <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height + 24}`} className="w-full max-w-3xl" role="img" aria-label={title}>
        <line x1={pad} y1={height} x2={width - pad} y2={height} stroke="#cbd5e1" />
        <text x={2} y={12} fontSize="10" fill="#64748b">
          {max.toLocaleString("en")}/h
        </text>
        {buckets.map((b, i) => {
          let y = height;
          const x = pad + i * step + step * 0.15;
          return (
            <g key={b.at}>
              <title>{`${b.at.slice(11, 16)} UTC: ${b.full} full, ${b.delta} delta, ${b.noUpdate} no update, ${b.error} errors`}</title>
              {SERIES.map((s) => {
                const h = ((height - 16) * b[s.key]) / max;
                y -= h;
                return h > 0 ? <rect key={s.key} x={x} y={y} width={step * 0.7} height={h} fill={s.color} /> : null;
              })}
              {i % 3 === 0 ? (
                <text x={x + step * 0.35} y={height + 14} fontSize="9" textAnchor="middle" fill="#475569">
                  {b.at.slice(11, 13)}h
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <div className="flex flex-wrap gap-3 text-xs text-slate-600">
        {SERIES.map((s) => (
          <span key={s.key} className="flex items-center gap-1">
            <span className="inline-block h-2 w-3" style={{ background: s.color }} /> {s.label}: {sum(s.key).toLocaleString("en")}
          </span>
        ))}
      </div>
    </figure>
  );
}
