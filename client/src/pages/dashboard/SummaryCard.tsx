// One type's figures over the chosen range: total and cost, and how they
// compare with the period just before and the same dates a year earlier.

import type { ChangeEvent } from 'react';
import type { DashboardQuery, Unit } from '../../gql/graphql';
import { formatAmount, formatChange, signOf } from '../../lib/decimal';
import { formatMoney } from '../../lib/money';
import { TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, UNIT_NAME } from '../../lib/units';
import { SelectField } from '../../components/Field';
import { COLORS } from './SeriesChart';

export type TypeSummary = DashboardQuery['consumptionSummary']['byType'][number];

interface ChangeProps {
  label: string;
  change: string | null;
  earlier: string;
  // The share of the earlier period's days that records cover.
  coverage: number;
  unit: Unit;
  /** What the earlier period cost, where some of its days have a known cost. */
  cost: string | null;
  currency: string;
}

function Change({ label, change, earlier, coverage, unit, cost, currency }: ChangeProps) {
  const earlierCost = cost === null ? null : <span className="change__earlier">, cost {formatMoney(cost, currency)}</span>;
  // No change when either period has no data: a percentage would mislead.
  if (change === null) {
    return (
      <div className="change">
        <dt>{label}</dt>
        <dd className="change__value change__value--none">
          no data to compare
          {earlierCost}
        </dd>
      </div>
    );
  }
  const sign = signOf(change);
  const word = sign > 0 ? 'up' : sign < 0 ? 'down' : 'same';
  const arrow = sign > 0 ? '▲' : sign < 0 ? '▼' : '■';
  return (
    <div className="change">
      <dt>{label}</dt>
      <dd className={`change__value change__value--${word}`}>
        <span aria-hidden="true">{arrow} </span>
        {formatChange(change)}
        <span className="visually-hidden"> ({word})</span>
        <span className="change__earlier">
          {' '}
          from {formatAmount(earlier)} {UNIT_LABEL[unit]}
          {coverage < 1 && `, with data for ${Math.round(coverage * 100)}% of those days`}
        </span>
        {earlierCost}
      </dd>
    </div>
  );
}

interface Props {
  summary: TypeSummary;
  days: number;
  onUnitChange: (unit: Unit) => void;
}

export function SummaryCard({ summary: s, days, onUnitChange }: Props) {
  const headingId = `card-${s.type}`;
  return (
    <section className="card" aria-labelledby={headingId} style={{ borderTopColor: COLORS[s.type] }} data-testid={`card-${s.type}`}>
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
        {s.recordCount === 0
          ? 'No records in this range'
          : `${s.recordCount} ${s.recordCount === 1 ? 'record' : 'records'} · ${formatAmount(s.dailyAverage)} ${UNIT_LABEL[s.unit]} a day`}
        {s.recordCount > 0 && s.coverage < 1 && ` · covers ${Math.round(s.coverage * 100)}% of the days`}
      </p>
      <Cost summary={s} />
      <dl className="card__changes">
        <Change
          label={`vs previous ${days} days`}
          change={s.changeFromPreviousPeriod}
          earlier={s.previousPeriodTotal}
          coverage={s.previousPeriodCoverage}
          unit={s.unit}
          cost={s.previousPeriodCost}
          currency={s.currency}
        />
        <Change
          label="vs a year earlier"
          change={s.changeFromPreviousYear}
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
      {s.costCoverage < 1 && <span className="card__meta"> · known for {Math.round(s.costCoverage * 100)}% of the days</span>}
    </p>
  );
}
