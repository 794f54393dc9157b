// The queries the playground opens with: aggregate questions an analyst
// would ask first, with dates around today so that they answer with data.

import { addDays, addMonths, startOfMonth, startOfYear } from '../../lib/dates';

export interface ExampleTab {
  query: string;
  variables?: string;
}

export function exampleTabs(today: string): ExampleTab[] {
  const year = Number(today.slice(0, 4));
  const lastYear = year - 1;
  const from12 = startOfMonth(addMonths(today, -11));
  const quarters = [1, 2, 3, 4]
    .map((q) => {
      const from = `${lastYear}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
      const to = addDays(addMonths(from, 3), -1);
      return `  q${q}: consumptionAggregate(filter: { from: "${from}", to: "${to}" }) {\n    type\n    unit\n    total\n    recordCount\n    coverage\n  }`;
    })
    .join('\n');
  return [
    {
      query: `# The dashboard's cards: this month so far, in your
# time zone, against the days just before and the
# same dates a year earlier. Run it with the pink
# button or Ctrl+Enter; your session is attached.
query ThisMonth {
  consumptionSummary {
    from
    to
    byType {
      type
      unit
      total
      recordCount
      dailyAverage
      previousPeriodTotal
      previousPeriodCoverage
      changeFromPreviousPeriod
      previousYearTotal
      previousYearCoverage
      changeFromPreviousYear
    }
  }
}
`,
    },
    {
      query: `# Month by month over the last twelve months, gas
# in kWh. coverage is the share of a bucket's days
# that records cover: 0 means no data, not zero use.
query MonthlySeries($from: Date!, $to: Date!) {
  consumptionSeries(
    filter: { from: $from, to: $to }
    granularity: MONTH
    units: { electricity: KWH, water: LITER, gas: KWH }
  ) {
    type
    unit
    total
    points {
      periodStart
      periodEnd
      amount
      coverage
    }
  }
}
`,
      variables: JSON.stringify({ from: from12, to: today }, null, 2),
    },
    {
      query: `# One aggregate per quarter of ${lastYear}, in one
# request: the server answers all of them with one
# database query.
query Quarters${lastYear} {
${quarters}
}
`,
    },
    {
      query: `# Totals by type and week since the start of the year.
query WeeklyThisYear {
  consumptionAggregate(
    filter: { from: "${startOfYear(today)}", to: "${today}", types: [ELECTRICITY, GAS] }
    groupBy: [TYPE, PERIOD]
    granularity: WEEK
  ) {
    type
    periodStart
    periodEnd
    unit
    total
    dailyAverage
    coverage
  }
}
`,
    },
  ];
}
