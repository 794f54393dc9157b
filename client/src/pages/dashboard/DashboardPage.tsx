// The dashboard: a card and a chart per type over a chosen range, the charts
// in amounts or in money. What it shows lives in the address
// (?from=&to=&by=&show=&yoy=&electricity=...), so a view can be
// bookmarked, shared, and stepped back through.

import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { BudgetsDocument, DashboardDocument, YearEarlierSeriesDocument } from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { useAccount } from '../../components/Account';
import { Empty, ErrorMessage, Loading } from '../../components/Status';
import type { ConsumptionType, Unit, UnitsInput } from '../../gql/graphql';
import { bucketCount, daysBetween, formatPeriod, isDate, type Granularity } from '../../lib/dates';
import { forecastGranularity } from '../../lib/budgets';
import { COVERAGE_RULE } from '../../lib/comparison';
import { DEFAULT_PRESET, PRESETS, type Range } from '../../lib/ranges';
import { yearEarlierRange } from '../../lib/series';
import { DEFAULT_UNIT, TYPES, TYPE_LABEL, allowsUnit } from '../../lib/units';
import { count } from '../../lib/words';
import { BudgetCard } from './BudgetCard';
import { SampleDataBanner, SampleDataOffer, SampleDataStatus, useSampleData } from './SampleData';
import { GRANULARITIES, RangeControls } from './RangeControls';
import { SeriesChart, type Measure } from './SeriesChart';
import { SummaryCard } from './SummaryCard';

const UNIT_PARAM: Record<ConsumptionType, keyof UnitsInput> = {
  ELECTRICITY: 'electricity',
  WATER: 'water',
  GAS: 'gas',
};
const MAX_BUCKETS = 1000;

export function DashboardPage() {
  const { me, error: accountError, today } = useAccount();
  const [params, setParams] = useSearchParams();

  const fallback = PRESETS.find((p) => p.id === DEFAULT_PRESET)!.range(today);
  const from = isDate(params.get('from') ?? '') ? params.get('from')! : fallback.from;
  const to = isDate(params.get('to') ?? '') ? params.get('to')! : fallback.to;
  const byParam = params.get('by')?.toUpperCase();
  const granularity: Granularity = GRANULARITIES.some((g) => g.value === byParam) ? (byParam as Granularity) : 'MONTH';
  const measure: Measure = params.get('show') === 'money' ? 'money' : 'amount';
  const yoy = params.get('yoy') === '1';
  const units = useMemo(() => {
    const u: UnitsInput = {};
    for (const t of TYPES) {
      const v = params.get(UNIT_PARAM[t])?.toUpperCase() ?? '';
      u[UNIT_PARAM[t]] = allowsUnit(t, v) ? v : DEFAULT_UNIT[t];
    }
    return u;
  }, [params]);

  let rangeError: string | null = null;
  if (from > to) rangeError = 'The range must start on or before its last day.';
  else if (daysBetween(from, to) > 20 * 366) rangeError = 'The range may be at most 20 years long.';
  const buckets = rangeError ? 0 : bucketCount(from, to, granularity);
  const tooMany = buckets > MAX_BUCKETS;

  // Until the account is known, today (in its time zone) is not either.
  const skip = Boolean(rangeError) || tooMany || (!me && !accountError);
  const { data, error, loading, reload } = useQuery(DashboardDocument, { filter: { from, to }, granularity, units }, { skip });
  // The overlay: the same dates a year earlier, in the same buckets.
  const yearBefore = useQuery(
    YearEarlierSeriesDocument,
    { filter: rangeError ? { from, to } : yearEarlierRange({ from, to }), granularity, units },
    { skip: skip || !yoy },
  );

  // The forecast of the chart's period (the month for days and weeks) and
  // the budgets, apart from the range's figures: they concern today.
  const period = forecastGranularity(granularity);
  const budgets = useQuery(BudgetsDocument, { granularity: period, units }, { skip: !me && !accountError });
  const sample = useSampleData(Boolean(me || accountError), () => {
    reload();
    budgets.reload();
  });

  function update(changes: Record<string, string>) {
    // From the address as it is, not as this render saw it: the router
    // renders a navigation in a transition, so two changes in quick
    // succession (a unit, then another) would otherwise lose the first.
    const next = new URLSearchParams(window.location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: false });
  }
  const setRange = (r: Range) => update({ from: r.from, to: r.to });
  const setUnit = (t: ConsumptionType, u: Unit) => update({ [UNIT_PARAM[t]]: u });

  const days = daysBetween(from, to) + 1;
  const nothing =
    data && data.consumptionSummary.byType.every((s) => s.recordCount === 0) && data.consumptionSeries.every((s) => s.points.every((p) => p.coverage === 0));

  return (
    <>
      <div className="page__head">
        <h1>Dashboard</h1>
        <p className="page__sub">
          {formatPeriod(from, to)} · {count(days, 'day')}
        </p>
      </div>
      <SampleDataStatus sample={sample} />
      <SampleDataBanner sample={sample} />
      <RangeControls
        range={{ from, to }}
        granularity={granularity}
        today={today}
        rangeError={rangeError}
        onRange={setRange}
        onGranularity={(g) => update({ by: g.toLowerCase() })}
      />
      {tooMany && (
        <ErrorMessage
          error={`That is ${buckets} ${granularity.toLowerCase()}s; a chart shows at most ${MAX_BUCKETS}. Group by a longer period or pick a shorter range.`}
        />
      )}
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {!data && (loading || !me) && !error && <Loading>Loading your figures…</Loading>}
      {data && (
        <div aria-busy={loading} className={loading ? 'is-refreshing' : undefined}>
          {loading && (
            <p className="visually-hidden" role="status">
              Updating…
            </p>
          )}
          {nothing && (
            <Empty title="No records in this range yet">
              <p>
                <Link to="/records">Add a record or import a CSV file</Link> and it shows up here.
              </p>
              <SampleDataOffer sample={sample} />
            </Empty>
          )}
          <div className="cards">
            {data.consumptionSummary.byType.map((s) => (
              <SummaryCard key={s.type} summary={s} range={{ from, to }} onUnitChange={(u) => setUnit(s.type, u)} />
            ))}
          </div>
          <p className="cards__note">{COVERAGE_RULE}</p>
          <fieldset className="measure">
            <legend>Charts show</legend>
            {(['amount', 'money'] as const).map((m) => (
              <label key={m} className="measure__option">
                <input type="radio" name="measure" value={m} checked={measure === m} onChange={() => update({ show: m })} />{' '}
                {m === 'amount' ? 'Amounts' : 'Money'}
              </label>
            ))}
          </fieldset>
          <label className="checkbox chart-option">
            <input type="checkbox" checked={yoy} onChange={(e) => update({ yoy: e.target.checked ? '1' : '' })} /> Compare with a year earlier
          </label>
          {yoy && yearBefore.error ? <ErrorMessage error={yearBefore.error} onRetry={yearBefore.reload} /> : null}
          {budgets.error ? <ErrorMessage error={budgets.error} onRetry={budgets.reload} /> : null}
          {budgets.data && (
            <BudgetCard
              budgets={budgets.data.budgets}
              forecasts={budgets.data.consumptionForecast}
              costForecasts={budgets.data.costForecast}
              granularity={period}
              onChange={budgets.reload}
            />
          )}
          <div className="charts">
            {data.consumptionSeries.map((s) => (
              <section key={s.type} className="panel" aria-labelledby={`chart-title-${s.type}`}>
                <h2 id={`chart-title-${s.type}`}>
                  {TYPE_LABEL[s.type]} by {GRANULARITIES.find((g) => g.value === granularity)?.label.toLowerCase()}
                </h2>
                {s.points.every((p) => p.coverage === 0) ? (
                  <p className="chart__empty">No {TYPE_LABEL[s.type].toLowerCase()} records cover these dates.</p>
                ) : measure === 'money' && s.totalCost === null ? (
                  <p className="chart__empty">
                    <span>
                      No known costs for these dates: <Link to="/tariffs">add a tariff</Link>, or the costs your bills state.
                    </span>
                  </p>
                ) : (
                  <SeriesChart
                    series={s}
                    range={{ from, to }}
                    yearBefore={yoy ? yearBefore.data?.consumptionSeries.find((e) => e.type === s.type) : undefined}
                    granularity={granularity}
                    measure={measure}
                    forecast={budgets.data?.consumptionForecast.find((f) => f.type === s.type)}
                  />
                )}
              </section>
            ))}
          </div>
        </div>
      )}
    </>
  );
}
