// A bar chart of one type's series, drawn with Apache ECharts, in amounts or
// in money, in the page's theme. Buckets that no record covers (or, in
// money, whose days have no known cost) are drawn as hatched grey columns
// marked "no data", and buckets only partly covered, or cut by the range, as
// striped lighter bars, so that none reads as zero or whole use. The same
// numbers are in a table below the chart for screen readers, keyboards and
// copying, and can be saved as a PNG image or a CSV file. In amounts, the
// current period's forecast, when the chart has its bucket, is drawn on it:
// a mark at the expected total and a hatched box for the 80% band. With the
// overlay on, the same range a year earlier is drawn as a dashed line.

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useTheme } from '../../components/Theme';
import { forecastIndex, type Forecast } from '../../lib/budgets';
import { bucketLabel, formatPeriod, type Granularity } from '../../lib/dates';
import { formatAmount, formatDecimal } from '../../lib/decimal';
import { download, downloadUrl } from '../../lib/download';
import { currencySymbol, formatMoney } from '../../lib/money';
import type { Range } from '../../lib/ranges';
import {
  alignYearEarlier,
  bucketState,
  chartPoints,
  coverageText,
  exportName,
  isCut,
  seriesCsv,
  yearEarlierRange,
  type Measure,
  type Point,
  type Series,
} from '../../lib/series';
import { chartColors, TYPE_COLOR_VAR, type ChartColors } from '../../lib/theme';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';

// The page draws in SVG (crisp, and its text is real text); the saved image
// is drawn again on a canvas, which is what PNG needs.
echarts.use([BarChart, LineChart, ScatterChart, GridComponent, TitleComponent, TooltipComponent, SVGRenderer, CanvasRenderer]);

export type { Measure, Series };

interface Props {
  series: Series;
  range: Range;
  granularity: Granularity;
  measure?: Measure;
  /** The forecast of the series' type for the current period, drawn on its bucket in amounts. */
  forecast?: Forecast | undefined;
  /** The same type over the same range a year earlier, drawn as a line when given. */
  yearBefore?: Series | undefined;
}

interface Drawing {
  series: Series;
  points: Point[];
  earlier: (Point | undefined)[] | null;
  granularity: Granularity;
  measure: Measure;
  forecast: Forecast | undefined;
  at: number;
  colors: ChartColors;
}

/** The ECharts option of a chart: the same for the page and the saved image. */
function chartOption({ series, points, earlier, granularity, measure, forecast: f, at, colors }: Drawing): echarts.EChartsCoreOption {
  const color = colors[series.type];
  const money = measure === 'money';
  const unit = money ? currencySymbol(series.currency) : UNIT_LABEL[series.unit];
  const shown = (v: string) => (money ? formatMoney(v, series.currency) : `${formatAmount(v)} ${unit}`);
  // Numbers only place the bars; every figure shown is the API's string.
  const values = points.map((p) => Number(p.value));
  const earlierValues = (earlier ?? []).map((e) => (e && bucketState(e) !== 'none' ? Number(e.value) : 0));
  const top = Math.max(0, ...values, ...earlierValues, f ? Number(f.high) : 0);
  const only = (v: number) => points.map((_, i) => (i === at ? v : '-'));
  const noDataHeight = top > 0 ? top : 1;
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      backgroundColor: colors.surface,
      borderColor: colors.border,
      textStyle: { color: colors.text },
      // Long lines wrap rather than run out of the chart.
      extraCssText: 'white-space: normal; max-width: min(22rem, 90%);',
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? params : [params];
        const first = list[0] as { dataIndex?: number } | undefined;
        const i = first?.dataIndex;
        const p = i === undefined ? undefined : points[i];
        if (i === undefined || !p) return '';
        const figure = bucketState(p) === 'none' ? (money ? 'no known cost' : 'no data') : shown(p.value);
        const expected = f && i === at ? `<br/>Expected: ${shown(f.expectedTotal)} (likely ${formatAmount(f.low)}–${formatAmount(f.high)})` : '';
        let before = '';
        if (earlier) {
          const e = earlier[i];
          before = e
            ? `<br/>A year earlier (${formatPeriod(e.from, e.to)}): ${bucketState(e) === 'none' ? (money ? 'no known cost' : 'no data') : shown(e.value)}` +
              // Its cut is this bucket's; a gap in its data is worth a word.
              (bucketState(e) !== 'none' && e.coverage < 1 ? `<br/><span style="color:${colors.muted}">${coverageText(e, measure, granularity)}</span>` : '')
            : '<br/>A year earlier: no such days';
        }
        return `<strong>${formatPeriod(p.periodStart, p.periodEnd)}</strong><br/>${figure}<br/><span style="color:${colors.muted}">${coverageText(p, measure, granularity)}</span>${expected}${before}`;
      },
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => bucketLabel(p.periodStart, granularity)),
      axisTick: { alignWithLabel: true },
      // The first and last labels align inward, so that neither is cut at the chart's edge.
      axisLabel: { color: colors.text, hideOverlap: true, alignMinLabel: 'left', alignMaxLabel: 'right' },
      axisLine: { lineStyle: { color: colors.axis } },
    },
    yAxis: {
      type: 'value',
      name: unit,
      nameTextStyle: { color: colors.text, align: 'left' },
      axisLabel: { color: colors.text },
      splitLine: { lineStyle: { color: colors.grid } },
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
          color: colors.noData,
          opacity: 0.55,
          decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: Math.PI / 4, color: colors.noDataHatch },
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
              opacity: 0.7,
              decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [4, 3], rotation: -Math.PI / 4, color: colors.partialHatch },
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
                color: colors.band,
                borderColor: color,
                borderType: 'dashed',
                borderWidth: 1,
                decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: colors.bandHatch },
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
              itemStyle: { color: colors.expected },
            },
          ]
        : []),
      ...(earlier
        ? [
            {
              name: 'A year earlier',
              type: 'line',
              z: 5,
              silent: true,
              symbol: 'circle',
              symbolSize: 7,
              // A gap where the year before has no data; a hollow mark where it has some.
              data: earlier.map((e) => {
                if (!e || bucketState(e) === 'none') return '-';
                return bucketState(e) === 'full' ? Number(e.value) : { value: Number(e.value), symbol: 'emptyCircle' };
              }),
              lineStyle: { color: colors.line, width: 2, type: 'dashed' },
              itemStyle: { color: colors.line, borderColor: colors.line },
            },
          ]
        : []),
    ],
  };
}

export function SeriesChart({ series, range, granularity, measure = 'amount', forecast, yearBefore }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme = useTheme();
  const at = measure === 'amount' ? forecastIndex(series.points, granularity, forecast) : -1;
  const f = at >= 0 ? forecast : undefined;
  const points = chartPoints(series, measure, range);
  const earlier = yearBefore ? alignYearEarlier(points, chartPoints(yearBefore, measure, yearEarlierRange(range))) : null;

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

  const drawing = (): Drawing => ({ series, points, earlier, granularity, measure, forecast: f, at, colors: chartColors() });

  useEffect(() => {
    chart.current?.setOption(chartOption(drawing()), { notMerge: true });
    // drawing() reads the props listed, and the theme's colours.
  }, [series, range.from, range.to, granularity, measure, f, at, yearBefore, theme]);

  const money = measure === 'money';
  const what = money ? `cost in ${series.currency}` : `in ${UNIT_LABEL[series.unit]}`;
  const title = `${TYPE_LABEL[series.type]} by ${granularity.toLowerCase()}, ${what}`;
  const label = `${title}${earlier ? ', with the same dates a year earlier as a line' : ''}. The table below has the same numbers.`;
  const anyCut = points.some((p) => isCut(p) && bucketState(p) !== 'none');

  function savePng() {
    const d = drawing();
    const width = Math.max(640, box.current?.clientWidth ?? 0);
    const height = 400;
    // A canvas chart of its own, off the screen, for the image; with a
    // title, since an image travels without the page around it.
    const el = document.createElement('div');
    el.style.cssText = `position:fixed;left:-${width + 100}px;top:0;width:${width}px;height:${height}px`;
    document.body.append(el);
    const off = echarts.init(el, undefined, { renderer: 'canvas', width, height });
    try {
      const option = chartOption(d);
      off.setOption({
        ...option,
        backgroundColor: d.colors.surface,
        title: {
          text: title,
          subtext: `${formatPeriod(range.from, range.to)}${earlier ? ' · dashed line: a year earlier' : ''}`,
          left: 8,
          top: 4,
          textStyle: { color: d.colors.text, fontSize: 14 },
          subtextStyle: { color: d.colors.muted },
        },
        grid: { left: 8, right: 16, top: 72, bottom: 8, containLabel: true },
      });
      downloadUrl(exportName(series, range, granularity, measure, 'png'), off.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: d.colors.surface }));
    } finally {
      off.dispose();
      el.remove();
    }
  }

  return (
    <figure className="chart">
      <div ref={box} className="chart__canvas" role="img" aria-label={label} data-testid={`chart-${series.type}`} data-measure={measure} />
      <figcaption className="chart__legend">
        <span className="chart__key">
          <span className="swatch" style={{ background: TYPE_COLOR_VAR[series.type] }} aria-hidden="true" /> {money ? 'Cost known' : 'Covered by records'}
        </span>
        <span className="chart__key">
          <span className="swatch swatch--partial" style={{ background: TYPE_COLOR_VAR[series.type] }} aria-hidden="true" /> Partly{' '}
          {money ? 'known' : 'covered'}
          {anyCut ? ' or cut by the range' : ''}
        </span>
        <span className="chart__key">
          <span className="swatch swatch--none" aria-hidden="true" /> {money ? 'No known cost' : 'No data'}
        </span>
        {earlier && (
          <span className="chart__key">
            <span className="swatch swatch--line" aria-hidden="true" /> A year earlier
          </span>
        )}
        {f && (
          <span className="chart__key">
            <span className="swatch swatch--band" aria-hidden="true" /> Expected, with its likely range
          </span>
        )}
      </figcaption>
      {f && (
        <p className="chart__forecast" data-testid={`chart-forecast-${series.type}`}>
          {formatPeriod(f.periodStart, f.periodEnd)}: {formatAmount(f.expectedTotal)} {UNIT_LABEL[series.unit]} expected, likely{' '}
          {formatAmount(f.low)}–{formatAmount(f.high)}.
        </p>
      )}
      <div className="chart__actions">
        <button type="button" className="button button--small" onClick={savePng} aria-label={`Save image of the ${TYPE_LABEL[series.type].toLowerCase()} chart (PNG)`}>
          Save image
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => download(exportName(series, range, granularity, measure, 'csv'), seriesCsv(series, range, measure, yearBefore))}
          aria-label={`Download CSV of the ${TYPE_LABEL[series.type].toLowerCase()} numbers`}
        >
          Download CSV
        </button>
      </div>
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
                {earlier && (
                  <th scope="col" className="num">
                    A year earlier
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {points.map((p, i) => {
                const e = earlier?.[i];
                return (
                  <tr key={p.periodStart} data-state={bucketState(p)}>
                    <th scope="row">{formatPeriod(p.periodStart, p.periodEnd)}</th>
                    <td className="num">{bucketState(p) === 'none' ? '—' : money ? formatMoney(p.value, series.currency) : formatDecimal(p.value, 6)}</td>
                    <td>{coverageText(p, measure, granularity)}</td>
                    {earlier && (
                      <td className="num">
                        {!e || bucketState(e) === 'none' ? '—' : money ? formatMoney(e.value, series.currency) : formatDecimal(e.value, 6)}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
