import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd } from '../../common/format.ts';
import type { DaySpend, SpendSeries } from './spend-series.ts';

/** Distinct enough side by side; keys beyond the palette reuse it in order. */
const PALETTE = ['#2f6fdf', '#e07b39', '#3a9d5d', '#9b59b6', '#c0392b', '#16a085', '#7f8c8d', '#d4ac0d'];

interface SpendChartProps {
  /** Newest first, as the table lists them. */
  days: DaySpend[];
  /** One segment per key, keyed by id and labelled with its name. */
  series: SpendSeries[];
}

/** Dollars per day, one stacked bar per day with a segment per key; oldest day on the left. */
export function SpendChart({ days, series }: SpendChartProps) {
  const points = [...days].reverse().map((d) => ({ ...d.byKey, day: d.day }));
  return (
    <figure className="chart" aria-label="Spend per day by key" data-testid="chart-spend-per-day">
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d9dee5" />
          <XAxis dataKey="day" minTickGap={24} fontSize={12} />
          <YAxis tickFormatter={formatUsd} width={64} fontSize={12} />
          <Tooltip formatter={(v) => formatUsd(Number(v))} />
          <Legend />
          {series.map((s, i) => (
            <Bar
              key={s.dataKey}
              dataKey={s.dataKey}
              name={s.name}
              stackId="spend"
              fill={PALETTE[i % PALETTE.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
