// The consumption of a meter period by period, drawn with Apache ECharts as
// the dashboard's charts are: one bar per period between readings (its
// height the use per day, since periods differ in length), and the readings
// themselves marked as points on the register's own axis. The readings
// table beside it has every figure.

import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { MeterFieldsFragment, ReadingFieldsFragment } from '../../gql/graphql';
import { formatDate, formatPeriod } from '../../lib/dates';
import { formatDecimal } from '../../lib/decimal';
import { periodsOf } from '../../lib/meters';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';
import { useTheme } from '../../components/Theme';
import { chartColors } from '../../lib/theme';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export function MeterChart({ meter, readings }: { meter: MeterFieldsFragment; readings: ReadingFieldsFragment[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const theme = useTheme();

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
    const unit = UNIT_LABEL[meter.unit];
    const colors = chartColors();
    const ordered = [...readings].sort((a, b) => (a.readOn < b.readOn ? -1 : 1));
    const periods = new Map(periodsOf(ordered).map((p) => [p.to, p]));
    c.setOption(
      {
        animation: false,
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, data: [`Used per day (${unit})`, `Reading (${unit})`], textStyle: { color: colors.text } },
        tooltip: {
          trigger: 'axis',
          confine: true,
          backgroundColor: colors.surface,
          borderColor: colors.border,
          textStyle: { color: colors.text },
          formatter: (params: unknown) => {
            const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
            const r = first?.dataIndex === undefined ? undefined : ordered[first.dataIndex];
            if (!r) return '';
            const p = periods.get(r.readOn);
            const used = p ? `${formatDecimal(p.amount, 6)} ${unit} used ${formatPeriod(p.from, p.to)}` : 'The first reading';
            return `<strong>${formatDate(r.readOn)}</strong>: ${formatDecimal(r.value, 6)} ${unit}<br/>${used}`;
          },
        },
        xAxis: {
          type: 'category',
          data: ordered.map((r) => formatDate(r.readOn)),
          axisLabel: { color: colors.text, hideOverlap: true },
          axisLine: { lineStyle: { color: colors.axis } },
        },
        yAxis: [
          { type: 'value', min: 0, axisLabel: { color: colors.text }, splitLine: { lineStyle: { color: colors.grid } } },
          { type: 'value', scale: true, axisLabel: { color: colors.muted }, splitLine: { show: false } },
        ],
        series: [
          {
            name: `Used per day (${unit})`,
            type: 'bar',
            itemStyle: { color: colors[meter.type] },
            // Numbers only place the bars; every figure shown is the API's string.
            data: ordered.map((r) => periods.get(r.readOn)?.perDay ?? '-'),
          },
          {
            name: `Reading (${unit})`,
            type: 'line',
            yAxisIndex: 1,
            symbol: 'circle',
            symbolSize: 7,
            lineStyle: { color: colors.line, width: 1, type: 'dashed' },
            itemStyle: { color: colors.line },
            data: ordered.map((r) => Number(r.value)),
          },
        ],
      },
      { notMerge: true },
    );
  }, [meter, readings, theme]);

  const label = `${TYPE_LABEL[meter.type]} used per day between the readings of ${meter.name}, with the readings marked. The table of readings has the same numbers.`;
  return (
    <figure className="chart">
      <div ref={box} className="chart__canvas" role="img" aria-label={label} data-testid="meter-chart" />
    </figure>
  );
}
