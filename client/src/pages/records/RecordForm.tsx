// The form that adds a record or edits one in place. It checks the server's
// rules as the person types (after the first try to send), and puts the
// server's own errors on the field they name.

import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/client';
import { useCurrency } from '../../components/Account';
import { InputField, SelectField } from '../../components/Field';
import { focusFirstInvalid } from '../auth/AuthForm';
import type { ConsumptionType } from '../../gql/graphql';
import { normalizeAmount } from '../../lib/decimal';
import { currencySymbol } from '../../lib/money';
import { FIRST_DAY, MAX_NOTES_LENGTH, hasErrors, validateRecord, type FieldErrors, type RecordDraft, type RecordField } from '../../lib/records';
import { DEFAULT_UNIT, TYPES, TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, allowsUnit } from '../../lib/units';

const FIELDS: readonly RecordField[] = ['type', 'amount', 'unit', 'periodStart', 'periodEnd', 'notes', 'cost'];

export function emptyDraft(type: ConsumptionType = 'ELECTRICITY'): RecordDraft {
  return { type, amount: '', unit: DEFAULT_UNIT[type], periodStart: '', periodEnd: '', notes: '', cost: '' };
}

/** The server's errors by field; those naming no field of the form come back under `form`. */
export function serverErrors(e: unknown): FieldErrors & { form?: string } {
  if (!(e instanceof ApiError)) return { form: describeError(e) };
  const out: FieldErrors & { form?: string } = {};
  for (const item of e.errors) {
    const field = item.field?.split('.').pop() as RecordField | undefined;
    const target = item.code === 'CONFLICT' && !field ? 'periodStart' : field;
    if (target && (FIELDS as readonly string[]).includes(target) && !out[target]) {
      out[target] = item.message;
    } else if (!out.form) {
      out.form = describeError(new ApiError([item]));
    }
  }
  return out;
}

interface Props {
  initial: RecordDraft;
  today: string;
  submitLabel: string;
  busyLabel: string;
  /** Names the form for assistive technology ("Add a record", "Edit record"). */
  name: string;
  onSubmit: (draft: RecordDraft) => Promise<void>;
  onCancel?: () => void;
  /** Clear the fields after a successful submit (adding), or keep them (editing). */
  resetOnSuccess?: boolean;
  compact?: boolean;
}

export function RecordForm({ initial, today, submitLabel, busyLabel, name, onSubmit, onCancel, resetOnSuccess = false, compact = false }: Props) {
  const [draft, setDraft] = useState<RecordDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors & { form?: string }>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const currency = useCurrency();

  function change(patch: Partial<RecordDraft>) {
    const next = { ...draft, ...patch };
    if (patch.type && !allowsUnit(patch.type, next.unit)) next.unit = DEFAULT_UNIT[patch.type];
    setDraft(next);
    if (!next.amount && !next.periodStart && !next.periodEnd && !next.notes && !next.cost) {
      // An emptied form starts over: no errors until the next try.
      setTried(false);
      setErrors({});
    } else if (tried) {
      setErrors(validateRecord(clean(next), today));
    }
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setTried(true);
    const d = clean(draft);
    const local = validateRecord(d, today);
    setErrors(local);
    if (hasErrors(local)) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(d);
      setBusy(false);
      if (resetOnSuccess) {
        setDraft({ ...emptyDraft(d.type), unit: d.unit });
        setTried(false);
        setErrors({});
        form.querySelector<HTMLElement>('input[name="amount"]')?.focus();
      }
    } catch (err) {
      setBusy(false);
      setErrors(serverErrors(err));
      requestAnimationFrame(() => focusFirstInvalid(form));
    }
  }

  const notesLength = [...draft.notes].length;
  return (
    <form className={`record-form${compact ? ' record-form--compact' : ''}`} onSubmit={submit} noValidate aria-label={name} aria-busy={busy}>
      {errors.form && (
        <div className="alert alert--error" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <div className="record-form__grid">
        <SelectField label="Type" name="type" value={draft.type} onChange={(e) => change({ type: e.target.value as ConsumptionType })} error={errors.type}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </SelectField>
        <InputField
          label="Amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 310.25"
          value={draft.amount}
          onChange={(e) => change({ amount: e.target.value })}
          error={errors.amount}
        />
        <SelectField label="Unit" name="unit" value={draft.unit} onChange={(e) => change({ unit: e.target.value })} error={errors.unit}>
          {UNITS_BY_TYPE[draft.type].map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </SelectField>
        <InputField
          label="First day"
          name="periodStart"
          type="date"
          min={FIRST_DAY}
          max={today}
          value={draft.periodStart}
          onChange={(e) => change({ periodStart: e.target.value })}
          error={errors.periodStart}
        />
        <InputField
          label="Last day"
          name="periodEnd"
          type="date"
          min={draft.periodStart || FIRST_DAY}
          max={today}
          value={draft.periodEnd}
          onChange={(e) => change({ periodEnd: e.target.value })}
          error={errors.periodEnd}
        />
        <InputField
          label="Notes (optional)"
          name="notes"
          className="record-form__notes"
          value={draft.notes}
          onChange={(e) => change({ notes: e.target.value })}
          error={errors.notes}
          hint={notesLength > MAX_NOTES_LENGTH - 50 ? `${notesLength} of ${MAX_NOTES_LENGTH} characters` : undefined}
        />
        <InputField
          label={`Cost${currency ? ` (${currencySymbol(currency)})` : ''}, optional`}
          name="cost"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 84.12"
          value={draft.cost}
          onChange={(e) => change({ cost: e.target.value })}
          error={errors.cost}
          hint="What the bill says, tax included; it wins over your tariffs for these days."
        />
      </div>
      <div className="record-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function clean(d: RecordDraft): RecordDraft {
  return { ...d, amount: normalizeAmount(d.amount), notes: d.notes.trim(), cost: normalizeAmount(d.cost) };
}
