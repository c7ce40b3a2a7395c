import type { TVersionDto } from "@/lib/server/versions/list-versions";

/** Version timeline: POPs published per version (bars) with the adds / changes / removals of each. */
export function VersionChart({ versions }: { versions: TVersionDto[] }) {
  const data = [...versions].reverse().slice(-40);
  if (data.length === 0) return null;
  const width = 720;
  const height = 160;
  const pad = 28;
  const maxPops = Math.max(1, ...data.map((v) => v.popCount));
  const maxChanges = Math.max(1, ...data.map((v) => v.added + v.changed + v.removed));
  const step = (width - pad * 2) / data.length;
  const bar = Math.min(36, Math.max(4, step * 0.6));
  return (
    <figure className="mb-4">
      <svg
        viewBox={`0 0 ${width} ${height + 20}`}
        className="w-full max-w-3xl"
        role="img"
        aria-label="POPs and changes per published version"
      >
        <line x1={pad} y1={height} x2={width - pad} y2={height} stroke="#cbd5e1" />
        <text x={4} y={14} fontSize="10" fill="#64748b">
          {maxPops.toLocaleString("en")} POPs
        </text>
        {data.map((v, i) => {
          const x = pad + i * step + (step - bar) / 2;
          const h = ((height - 20) * v.popCount) / maxPops;
          const changes = v.added + v.changed + v.removed;
          const ch = ((height - 20) * 0.5 * changes) / maxChanges;
          return (
            <g key={v.version}>
              <title>{`v${v.version}: ${v.popCount} POPs, +${v.added} ~${v.changed} −${v.removed}`}</title>
              <rect x={x} y={height - h} width={bar} height={h} fill="#bfdbfe" />
              <rect x={x + bar / 4} y={height - ch} width={bar / 2} height={ch} fill="#1d4ed8" />
              {data.length <= 20 || i % Math.ceil(data.length / 20) === 0 ? (
                <text x={x + bar / 2} y={height + 14} fontSize="10" textAnchor="middle" fill="#475569">
                  {v.version}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500">Light bars: POPs in each version · dark bars: adds + changes + removals</figcaption>
    </figure>
  );
}
