import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsPoint } from '../../api/admin.types.ts';
import { formatClock } from '../../common/format.ts';
import { Empty } from '../../common/states.tsx';

export interface SeriesLine {
  key: keyof MetricsPoint;
  label: string;
  color: string;
}

interface TimeSeriesChartProps {
  label: string;
  points: MetricsPoint[];
  lines: SeriesLine[];
  format: (value: number) => string;
  /** For sparse series (latency is null in quiet buckets): mark each point and bridge the gaps. */
  sparse?: boolean;
}

/** Animation is off: the data is replaced every poll, and redrawing from zero each time reads as noise. */
export function TimeSeriesChart({ label, points, lines, format, sparse = false }: TimeSeriesChartProps) {
  if (points.length === 0) return <Empty>No traffic in this window yet.</Empty>;
  return (
    <figure className="chart" aria-label={label} data-testid={`chart-${label.toLowerCase().replace(/\W+/g, '-')}`}>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="t" tickFormatter={formatClock} minTickGap={40} fontSize={12} />
          <YAxis tickFormatter={format} width={56} fontSize={12} allowDecimals={false} />
          <Tooltip
            labelFormatter={(t) => formatClock(String(t))}
            formatter={(v) => (v === null || v === undefined ? '–' : format(Number(v)))}
          />
          <Legend />
          {lines.map((line) => (
            <Line
              key={line.key}
              type="monotone"
              dataKey={line.key}
              name={line.label}
              stroke={line.color}
              dot={sparse ? { r: 2 } : false}
              connectNulls={sparse}
              strokeWidth={2}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
