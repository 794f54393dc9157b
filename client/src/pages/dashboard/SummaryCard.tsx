// One type's figures over the chosen range: total and cost, and how they
// compare with the period just before and the same dates a year earlier.
// A change is shown only when both periods have records for most of their
// days (lib/comparison), and its colour says better or worse, with the word
// beside it.

import type { ChangeEvent } from 'react';
import type { DashboardQuery, Unit } from '../../gql/graphql';
import { comparedPeriods, judge, type Period } from '../../lib/comparison';
import { rangeDays, type Range } from '../../lib/ranges';
import { formatPeriod } from '../../lib/dates';
import { formatAmount, formatPercent, formatShare } from '../../lib/decimal';
import { formatMoney } from '../../lib/money';
import { TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, UNIT_NAME, formatQuantity } from '../../lib/units';
import { count } from '../../lib/words';
import { SelectField } from '../../components/Field';
import { TYPE_COLOR_VAR } from '../../lib/theme';

export type TypeSummary = DashboardQuery['consumptionSummary']['byType'][number];

interface ChangeProps {
  label: string;
  period: Period;
  change: string | null;
  /** The share of the range's days that records cover. */
  rangeCoverage: number;
  earlier: string;
  /** The share of the earlier period's days that records cover. */
  coverage: number;
  unit: Unit;
  /** What the earlier period cost, where some of its days have a known cost. */
  cost: string | null;
  currency: string;
}

function Change({ label, period, change, rangeCoverage, earlier, coverage, unit, cost, currency }: ChangeProps) {
  const verdict = judge(change, rangeCoverage, coverage);
  const earlierCost = cost === null ? null : <span className="change__earlier">, cost {formatMoney(cost, currency)}</span>;
  const term = (
    <dt>
      {label}
      <span className="change__period">{formatPeriod(period.from, period.to)}</span>
    </dt>
  );
  if (verdict.kind === 'none') {
    return (
      <div className="change">
        {term}
        <dd className="change__value change__value--none">
          no data to compare
          {earlierCost}
        </dd>
      </div>
    );
  }
  if (verdict.kind === 'thin') {
    // Say which period is mostly empty, and how much of the earlier one has data.
    const covered: string[] = [];
    if (verdict.range && rangeCoverage > 0) covered.push(`${formatShare(rangeCoverage)} of this range`);
    if (coverage > 0) covered.push(`${formatShare(coverage)} of those days (${formatQuantity(earlier, unit)})`);
    const why = [
      verdict.range && rangeCoverage === 0 && 'no records in this range',
      covered.length > 0 && `records cover ${covered.join(' and ')}`,
      coverage === 0 && 'no records in those days',
    ]
      .filter(Boolean)
      .join('; ');
    return (
      <div className="change">
        {term}
        <dd className="change__value change__value--none" data-verdict="thin">
          not enough data
          <span className="change__earlier">
            : {why}
          </span>
          {earlierCost}
        </dd>
      </div>
    );
  }
  const { direction, better } = verdict;
  const tone = better === null ? 'same' : better ? 'better' : 'worse';
  const arrow = direction === 'more' ? '▲' : direction === 'less' ? '▼' : '■';
  return (
    <div className="change">
      {term}
      <dd className={`change__value change__value--${tone}`} data-verdict={tone}>
        <span aria-hidden="true">{arrow} </span>
        {direction === 'same' ? 'the same as' : `${formatPercent(verdict.change)} ${direction} than`}
        <span className="change__earlier">
          {' '}
          {formatQuantity(earlier, unit)}
          {coverage < 1 && `, with records for ${formatShare(coverage)} of those days`}
        </span>
        {tone !== 'same' && <span className="visually-hidden">, {tone}</span>}
        {earlierCost}
      </dd>
    </div>
  );
}

interface Props {
  summary: TypeSummary;
  /** The range the summary covers. */
  range: Range;
  onUnitChange: (unit: Unit) => void;
}

export function SummaryCard({ summary: s, range, onUnitChange }: Props) {
  const headingId = `card-${s.type}`;
  const compared = comparedPeriods(range.from, range.to);
  const days = rangeDays(range);
  return (
    <section className="card" aria-labelledby={headingId} style={{ borderTopColor: TYPE_COLOR_VAR[s.type] }} data-testid={`card-${s.type}`}>
      <div className="card__head">
        <h2 id={headingId}>{TYPE_LABEL[s.type]}</h2>
        <SelectField
          label={<span className="visually-hidden">Unit for {TYPE_LABEL[s.type].toLowerCase()}</span>}
          className="field--inline"
          value={s.unit}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => onUnitChange(e.target.value as Unit)}
        >
          {UNITS_BY_TYPE[s.type].map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </SelectField>
      </div>
      <p className="card__total">
        {/* No record in the range is no data, which is not the same as zero use. */}
        <span className="card__number" data-testid={`total-${s.type}`}>
          {s.recordCount === 0 ? <span title="No data">—</span> : formatAmount(s.total)}
        </span>{' '}
        <abbr className="card__unit" title={UNIT_NAME[s.unit]}>
          {UNIT_LABEL[s.unit]}
        </abbr>
      </p>
      <p className="card__meta">
        {s.recordCount === 0 ? 'No records in this range' : `${count(s.recordCount, 'record')} · ${formatQuantity(s.dailyAverage, s.unit)} a day`}
        {s.recordCount > 0 && s.coverage < 1 && ` · covers ${formatShare(s.coverage)} of the days`}
      </p>
      <Cost summary={s} />
      <dl className="card__changes">
        <Change
          label={`vs the previous ${count(days, 'day')}`}
          period={compared.previous}
          change={s.changeFromPreviousPeriod}
          rangeCoverage={s.coverage}
          earlier={s.previousPeriodTotal}
          coverage={s.previousPeriodCoverage}
          unit={s.unit}
          cost={s.previousPeriodCost}
          currency={s.currency}
        />
        <Change
          label="vs a year earlier"
          period={compared.yearEarlier}
          change={s.changeFromPreviousYear}
          rangeCoverage={s.coverage}
          earlier={s.previousYearTotal}
          coverage={s.previousYearCoverage}
          unit={s.unit}
          cost={s.previousYearCost}
          currency={s.currency}
        />
      </dl>
    </section>
  );
}

/**
 * What the range cost: the bills' costs and the tariffs' prices of the
 * days records cover. Days without a known cost count in none, so a cost
 * known for part of the range says so, and none says how to get one.
 */
function Cost({ summary: s }: { summary: TypeSummary }) {
  if (s.cost === null) {
    return (
      <p className="card__cost card__cost--none" data-testid={`cost-${s.type}`}>
        Cost unknown{s.recordCount > 0 && ': add a tariff, or the cost your bill states'}
      </p>
    );
  }
  return (
    <p className="card__cost" data-testid={`cost-${s.type}`}>
      <span className="card__money">{formatMoney(s.cost, s.currency)}</span>
      {s.costCoverage < 1 && <span className="card__meta"> · known for {formatShare(s.costCoverage)} of the days</span>}
    </p>
  );
}
