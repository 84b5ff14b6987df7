/** Chart.js on a canvas, registered with only what Licita draws (bars, lines, doughnuts). */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { money } from '../format';
import type { Money } from '../types';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family =
  getComputedStyle(document.documentElement).getPropertyValue('--font') || 'system-ui, sans-serif';
Chart.defaults.color = '#1f2937';
// No animation: charts show their numbers at once (and motion-sensitive people are spared).
Chart.defaults.animation = false;

export const PALETTE = ['#0f766e', '#b45309', '#1d4ed8', '#9d174d', '#4d7c0f', '#6d28d9', '#0e7490', '#a16207'];

/** One series of a money bar chart: its legend label, the amounts it draws (in pesos), its colour. */
export type MoneySeries = { label: string; amounts: Money[]; color: string };

/** Ticks on the axis of the amounts in `currency` (the chart draws whole units; `money` formats centavos). */
export const moneyTicksIn = (currency: string) => ({
  ticks: { callback: (value: string | number) => money(Math.round(Number(value) * 100), currency) },
});

/**
 * A long label broken into lines of about `width` characters at spaces (Chart.js draws an array as lines): a
 * long name on one line was cut off at the canvas edge, worst on a phone.
 */
export function wrapLabel(text: string, width = 22): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [text];
}

/** The axis of the names: every name drawn (none skipped), in lines that fit. */
export const categoryTicks = { ticks: { autoSkip: false } };

/**
 * Bars of amounts in pesos, one colour a series, with peso ticks; `horizontal` lays the bars along the x axis
 * (their names wrapped into lines). A lone series needs no legend.
 */
export function moneyBars(labels: string[], series: MoneySeries[], horizontal = false): ChartConfiguration {
  // The series of one chart share a currency (amounts of two are never drawn on one axis).
  const ticks = moneyTicksIn(series[0]?.amounts[0]?.currency ?? 'MXN');
  return {
    type: 'bar',
    data: {
      labels: horizontal ? labels.map((text) => wrapLabel(text)) : labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.amounts.map((amount) => amount.amount / 100),
        backgroundColor: s.color,
      })),
    },
    options: {
      ...(horizontal && { indexAxis: 'y' as const }),
      ...(series.length === 1 && { plugins: { legend: { display: false } } }),
      layout: { padding: { right: 12 } },
      scales: horizontal ? { x: ticks, y: categoryTicks } : { y: ticks, x: categoryTicks },
    },
  };
}

/**
 * Draws `config` and redraws it when it changes. `label` is the chart's accessible name; give the same
 * numbers as a table next to it for people who cannot see the chart. `onChart` hands out the Chart for live
 * updates (the auction room pushes points into it without re-rendering).
 */
export function ChartCanvas({
  config,
  label,
  height = 280,
  onChart,
}: {
  config: ChartConfiguration;
  label: string;
  height?: number;
  onChart?: (chart: Chart) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, ...config.options },
    });
    onChart?.(chart.current);
    return () => chart.current?.destroy();
  }, [JSON.stringify(config.data), config.type]);
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
