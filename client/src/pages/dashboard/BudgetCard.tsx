// Budgets and where the current period is heading: the forecast of each
// type, each budget with how the forecast stands against it, a form to set
// one (replacing the budget of the same type, period and measure) and a
// button to remove one.

import { useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, describeError, request } from '../../api/client';
import { DeleteBudgetDocument, SetBudgetDocument } from '../../api/documents';
import { InputField, SelectField } from '../../components/Field';
import type { BudgetMeasure, ConsumptionType, PeriodGranularity, Unit } from '../../gql/graphql';
import {
  PERIOD_NOUN,
  budgetInput,
  budgetStatus,
  checkLimit,
  forecastText,
  limitText,
  type Budget,
  type BudgetDraft,
  type Forecast,
} from '../../lib/budgets';
import { normalizeAmount } from '../../lib/decimal';
import { DEFAULT_UNIT, TYPES, TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, allowsUnit } from '../../lib/units';

interface Props {
  budgets: readonly Budget[];
  forecasts: readonly Forecast[];
  /** The same forecasts, held against the budgets of cost. */
  costForecasts: readonly Forecast[];
  /** The period forecast: the budgets of other periods are listed without a verdict. */
  granularity: PeriodGranularity;
  /** Called after a budget was set or removed, to read everything again. */
  onChange: () => void;
}

const PERIODS: readonly PeriodGranularity[] = ['MONTH', 'QUARTER', 'YEAR'];
const THIS: Readonly<Record<PeriodGranularity, string>> = { MONTH: 'This month', QUARTER: 'This quarter', YEAR: 'This year' };

export function BudgetCard({ budgets, forecasts, costForecasts, granularity, onChange }: Props) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function remove(b: Budget) {
    setBusy(b.id);
    setError(null);
    try {
      await request(DeleteBudgetDocument, { id: b.id });
      onChange();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel budget-card" aria-labelledby="budget-title" data-testid="budget-card">
      <div className="panel__head">
        <h2 id="budget-title">Budgets and forecast</h2>
        <span className="budget-card__period">{THIS[granularity]}</span>
      </div>
      {forecasts.length === 0 ? (
        <p className="budget-card__none">No forecast yet: it needs records from the past year.</p>
      ) : (
        <ul className="budget-card__forecasts">
          {forecasts.map((f) => (
            <li key={f.type} data-testid={`forecast-${f.type}`}>
              <strong>{TYPE_LABEL[f.type]}:</strong> {forecastText(f, granularity)}
              <details className="budget-card__method">
                <summary>How is this forecast?</summary>
                <p>{f.method}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
      {budgets.length > 0 && (
        <ul className="budget-card__budgets">
          {budgets.map((b) => {
            const list = b.measure === 'COST' ? costForecasts : forecasts;
            const f = b.granularity === granularity ? list.find((x) => x.type === b.type) : undefined;
            const currency = costForecasts.find((x) => x.type === b.type)?.currency ?? '';
            const status = b.granularity === granularity ? budgetStatus(b, f) : null;
            return (
              <li key={b.id} className={`budget budget--${status?.tone ?? 'unknown'}`} data-testid={`budget-${b.type}-${b.granularity}-${b.measure}`}>
                <span className="budget__name">
                  {TYPE_LABEL[b.type]}, {limitText(b, currency)} a {PERIOD_NOUN[b.granularity]}
                  {b.measure === 'COST' && ' (cost)'}
                </span>
                <span className="budget__status" role={status?.tone === 'over' ? 'alert' : undefined}>
                  {status ? status.text : `The chart by ${PERIOD_NOUN[b.granularity]}s shows this one's forecast.`}
                </span>
                <button
                  type="button"
                  className="button button--small button--ghost-danger"
                  onClick={() => void remove(b)}
                  disabled={busy === b.id}
                  aria-label={`Remove the ${PERIOD_NOUN[b.granularity]}ly budget of ${TYPE_LABEL[b.type].toLowerCase()}${b.measure === 'COST' ? ' cost' : ''}`}
                >
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error && (
        <p className="alert alert--error" role="alert">
          {error}
        </p>
      )}
      <BudgetForm granularity={granularity} onSaved={onChange} />
    </section>
  );
}

interface FormProps {
  granularity: PeriodGranularity;
  onSaved: () => void;
}

function BudgetForm({ granularity, onSaved }: FormProps) {
  const [draft, setDraft] = useState<BudgetDraft>({ type: 'ELECTRICITY', granularity, measure: 'AMOUNT', limit: '', unit: DEFAULT_UNIT.ELECTRICITY });
  const [errors, setErrors] = useState<{ limit?: string; unit?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<BudgetDraft>) {
    const next = { ...draft, ...patch };
    if (!allowsUnit(next.type, next.unit)) next.unit = DEFAULT_UNIT[next.type];
    setDraft(next);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const limit = normalizeAmount(draft.limit);
    const problem = checkLimit(limit);
    if (problem) {
      setErrors({ limit: problem });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await request(SetBudgetDocument, { input: budgetInput({ ...draft, limit }) });
      setDraft({ ...draft, limit: '' });
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        const onLimit = err.forField('limit') ?? err.forField('input.limit');
        const onUnit = err.forField('unit') ?? err.forField('input.unit');
        setErrors({ limit: onLimit?.message, unit: onUnit?.message, form: onLimit || onUnit ? undefined : describeError(err) });
      } else {
        setErrors({ form: describeError(err) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="budget-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Set a budget" aria-busy={busy}>
      {errors.form && (
        <p className="alert alert--error" role="alert">
          {errors.form}
        </p>
      )}
      <SelectField label="Type" value={draft.type} onChange={(e: ChangeEvent<HTMLSelectElement>) => change({ type: e.target.value as ConsumptionType })}>
        {TYPES.map((t) => (
          <option key={t} value={t}>
            {TYPE_LABEL[t]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Per" value={draft.granularity} onChange={(e: ChangeEvent<HTMLSelectElement>) => change({ granularity: e.target.value as PeriodGranularity })}>
        {PERIODS.map((p) => (
          <option key={p} value={p}>
            {PERIOD_NOUN[p]}
          </option>
        ))}
      </SelectField>
      <SelectField label="Limit on" value={draft.measure} onChange={(e: ChangeEvent<HTMLSelectElement>) => change({ measure: e.target.value as BudgetMeasure })}>
        <option value="AMOUNT">the amount</option>
        <option value="COST">the cost</option>
      </SelectField>
      <InputField
        label="Limit"
        inputMode="decimal"
        autoComplete="off"
        value={draft.limit}
        error={errors.limit}
        onChange={(e) => change({ limit: e.target.value })}
      />
      {draft.measure === 'AMOUNT' && (
        <SelectField label="Unit" value={draft.unit} error={errors.unit} onChange={(e: ChangeEvent<HTMLSelectElement>) => change({ unit: e.target.value as Unit })}>
          {UNITS_BY_TYPE[draft.type].map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </SelectField>
      )}
      <div className="budget-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : 'Set budget'}
        </button>
      </div>
    </form>
  );
}
