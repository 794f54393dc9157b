// A bar chart of one type's series, drawn with Apache ECharts, in amounts or
// in money. Buckets that no record covers (or, in money, whose days have no
// known cost) are drawn as hatched grey columns marked "no data", and
// buckets only partly covered as striped bars, so that neither reads as zero
// use. The same numbers are in a table below the chart for screen readers,
// keyboards and copying. In amounts, the current period's forecast, when the
// chart has its bucket, is drawn on it: a mark at the expected total and a
// hatched box for the 80% band.

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { DashboardQuery } from '../../gql/graphql';
import { forecastIndex, type Forecast } from '../../lib/budgets';
import { bucketLabel, formatPeriod, type Granularity } from '../../lib/dates';
import { formatAmount, formatDecimal } from '../../lib/decimal';
import { currencySymbol, formatMoney } from '../../lib/money';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';

echarts.use([BarChart, ScatterChart, GridComponent, TooltipComponent, SVGRenderer]);

export type Series = DashboardQuery['consumptionSeries'][number];

/** What a chart shows: the amounts consumed, or what they cost. */
export type Measure = 'amount' | 'money';

/** A bucket as the chart draws it: its figure in the measure shown, and how much of it that figure covers. */
export interface Point {
  periodStart: string;
  periodEnd: string;
  value: string;
  coverage: number;
}

/** The series' buckets in the measure asked: costs where known (unknown ones count as none), or amounts. */
export function chartPoints(series: Series, measure: Measure): Point[] {
  return series.points.map((p) =>
    measure === 'money'
      ? { periodStart: p.periodStart, periodEnd: p.periodEnd, value: p.cost ?? '0', coverage: p.cost === null ? 0 : p.costCoverage }
      : { periodStart: p.periodStart, periodEnd: p.periodEnd, value: p.amount, coverage: p.coverage },
  );
}

export const COLORS: Record<Series['type'], string> = {
  ELECTRICITY: '#b45309',
  WATER: '#1d4ed8',
  GAS: '#7e22ce',
};
const NO_DATA = '#cbd5e1';

/** How a bucket is drawn: covered, partly covered, or without data. */
export function bucketState(p: Pick<Point, 'coverage'>): 'full' | 'partial' | 'none' {
  if (p.coverage <= 0) return 'none';
  return p.coverage >= 1 ? 'full' : 'partial';
}

function coverageText(p: Point, measure: Measure): string {
  const state = bucketState(p);
  if (state === 'none') return measure === 'money' ? 'No known cost' : 'No data';
  if (state === 'full') return 'Fully covered';
  return measure === 'money' ? `Cost known for ${Math.round(p.coverage * 100)}% of the days` : `Records cover ${Math.round(p.coverage * 100)}% of the days`;
}

interface Props {
  series: Series;
  granularity: Granularity;
  measure?: Measure;
  /** The forecast of the series' type for the current period, drawn on its bucket in amounts. */
  forecast?: Forecast | undefined;
}

export function SeriesChart({ series, granularity, measure = 'amount', forecast }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const at = measure === 'amount' ? forecastIndex(series.points, granularity, forecast) : -1;
  const f = at >= 0 ? forecast : undefined;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const color = COLORS[series.type];
    const money = measure === 'money';
    const unit = money ? currencySymbol(series.currency) : UNIT_LABEL[series.unit];
    const points = chartPoints(series, measure);
    const shown = (v: string) => (money ? formatMoney(v, series.currency) : `${formatAmount(v)} ${unit}`);
    // Numbers only place the bars; every figure shown is the API's string.
    const values = points.map((p) => Number(p.value));
    const top = Math.max(0, ...values, f ? Number(f.high) : 0);
    const only = (v: number) => points.map((_, i) => (i === at ? v : '-'));
    const noDataHeight = top > 0 ? top : 1;
    c.setOption(
      {
        animation: false,
        grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          confine: true,
          formatter: (params: unknown) => {
            const list = Array.isArray(params) ? params : [params];
            const first = list[0] as { dataIndex?: number } | undefined;
            const p = first?.dataIndex === undefined ? undefined : points[first.dataIndex];
            if (!p) return '';
            const figure = bucketState(p) === 'none' ? (money ? 'no known cost' : 'no data') : shown(p.value);
            const expected =
              f && first?.dataIndex === at
                ? `<br/>Expected: ${shown(f.expectedTotal)} (likely ${formatAmount(f.low)}–${formatAmount(f.high)})`
                : '';
            return `<strong>${formatPeriod(p.periodStart, p.periodEnd)}</strong><br/>${figure}<br/><span style="color:#475569">${coverageText(p, measure)}</span>${expected}`;
          },
        },
        xAxis: {
          type: 'category',
          data: points.map((p) => bucketLabel(p.periodStart, granularity)),
          axisTick: { alignWithLabel: true },
          // The first and last labels align inward, so that neither is cut at the chart's edge.
          axisLabel: { color: '#334155', hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right' },
          axisLine: { lineStyle: { color: '#94a3b8' } },
        },
        yAxis: {
          type: 'value',
          name: unit,
          nameTextStyle: { color: '#334155', align: 'left' },
          axisLabel: { color: '#334155' },
          splitLine: { lineStyle: { color: '#e2e8f0' } },
          min: 0,
        },
        series: [
          {
            name: 'No data',
            type: 'bar',
            barGap: '-100%',
            silent: true,
            z: 1,
            data: points.map((p) => (bucketState(p) === 'none' ? noDataHeight : '-')),
            itemStyle: {
              color: NO_DATA,
              opacity: 0.55,
              decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: Math.PI / 4, color: '#94a3b8' },
            },
          },
          {
            name: TYPE_LABEL[series.type],
            type: 'bar',
            z: 2,
            data: points.map((p, i) => {
              const state = bucketState(p);
              if (state === 'none') return '-';
              if (state === 'full') return { value: values[i], itemStyle: { color } };
              return {
                value: values[i],
                itemStyle: {
                  color,
                  opacity: 0.75,
                  decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [4, 3], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.6)' },
                },
              };
            }),
          },
          ...(f
            ? [
                // The band: an invisible bar up to its low end, and a
                // hatched one from there to its high end, on the bucket.
                { name: 'Band base', type: 'bar', stack: 'band', silent: true, z: 3, data: only(Number(f.low)), itemStyle: { color: 'transparent' } },
                {
                  name: 'Likely range',
                  type: 'bar',
                  stack: 'band',
                  barGap: '-100%',
                  silent: true,
                  z: 3,
                  data: only(Number(f.high) - Number(f.low)),
                  itemStyle: {
                    color: 'rgba(148,163,184,0.25)',
                    borderColor: color,
                    borderType: 'dashed',
                    borderWidth: 1,
                    decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(100,116,139,0.35)' },
                  },
                },
                {
                  name: 'Expected',
                  type: 'scatter',
                  silent: true,
                  z: 4,
                  symbol: 'rect',
                  symbolSize: [28, 3],
                  data: only(Number(f.expectedTotal)),
                  itemStyle: { color: '#0f172a' },
                },
              ]
            : []),
        ],
      },
      { notMerge: true },
    );
  }, [series, granularity, measure, f, at]);

  const points = chartPoints(series, measure);
  const money = measure === 'money';
  const what = money ? `cost in ${series.currency}` : `in ${UNIT_LABEL[series.unit]}`;
  const label = `${TYPE_LABEL[series.type]} by ${granularity.toLowerCase()}, ${what}. The table below has the same numbers.`;
  return (
    <figure className="chart">
      <div ref={box} className="chart__canvas" role="img" aria-label={label} data-testid={`chart-${series.type}`} data-measure={measure} />
      <figcaption className="chart__legend">
        <span className="swatch" style={{ background: COLORS[series.type] }} aria-hidden="true" /> {money ? 'Cost known' : 'Covered by records'}
        <span className="swatch swatch--partial" style={{ background: COLORS[series.type] }} aria-hidden="true" /> Partly {money ? 'known' : 'covered'}
        <span className="swatch swatch--none" aria-hidden="true" /> {money ? 'No known cost' : 'No data'}
        {f && (
          <>
            <span className="swatch swatch--band" aria-hidden="true" /> Expected, with its likely range
          </>
        )}
      </figcaption>
      {f && (
        <p className="chart__forecast" data-testid={`chart-forecast-${series.type}`}>
          {formatPeriod(f.periodStart, f.periodEnd)}: {formatAmount(f.expectedTotal)} {UNIT_LABEL[series.unit]} expected, likely{' '}
          {formatAmount(f.low)}–{formatAmount(f.high)}.
        </p>
      )}
      <details className="chart__table">
        <summary>Show the numbers</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{TYPE_LABEL[series.type]} by bucket</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" className="num">
                  {money ? `Cost (${series.currency})` : `Amount (${UNIT_LABEL[series.unit]})`}
                </th>
                <th scope="col">Coverage</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.periodStart} data-state={bucketState(p)}>
                  <th scope="row">{formatPeriod(p.periodStart, p.periodEnd)}</th>
                  <td className="num">{bucketState(p) === 'none' ? '—' : money ? formatMoney(p.value, series.currency) : formatDecimal(p.value, 6)}</td>
                  <td>{coverageText(p, measure)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
