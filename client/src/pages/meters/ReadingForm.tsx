// Entering a reading, fast: today's date is filled in, the last reading
// stands beside the field, and the consumption the new value implies shows
// before it is saved. The same form edits a reading in place.

import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/client';
import { InputField } from '../../components/Field';
import type { MeterFieldsFragment } from '../../gql/graphql';
import { formatDate, formatPeriod } from '../../lib/dates';
import { formatDecimal, normalizeAmount } from '../../lib/decimal';
import { checkReading, impliedConsumption, neighbours, type ReadingDraft, type ReadingErrors, type ReadingLike } from '../../lib/meters';
import { UNIT_LABEL } from '../../lib/units';
import { focusFirstInvalid } from '../auth/AuthForm';

type Errors = ReadingErrors & { form?: string };

function serverErrors(err: unknown): Errors {
  if (!(err instanceof ApiError)) return { form: describeError(err) };
  const out: Errors = {};
  for (const item of err.errors) {
    const f = item.field === 'readOn' || item.field === 'value' ? item.field : undefined;
    if (f && !out[f]) out[f] = item.message;
    else out.form ??= item.message;
  }
  return out;
}

interface Props {
  meter: MeterFieldsFragment;
  readings: readonly ReadingLike[];
  today: string;
  /** The reading being changed, or none for a new one. */
  editing?: ReadingLike & { id: string };
  onSave: (d: ReadingDraft & { estimated: boolean }) => Promise<void>;
  onCancel?: () => void;
}

export function ReadingForm({ meter, readings, today, editing, onSave, onCancel }: Props) {
  const [draft, setDraft] = useState<ReadingDraft>({ readOn: editing?.readOn ?? today, value: editing?.value ?? '' });
  const [estimated, setEstimated] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const unit = UNIT_LABEL[meter.unit];
  const { before } = neighbours(readings, draft.readOn || today, editing?.id);
  const sameDay = readings.find((r) => r.readOn === draft.readOn && r.id !== editing?.id);
  const implied = impliedConsumption(readings, draft.readOn, draft.value, meter.digits, editing?.id);

  function change(patch: Partial<ReadingDraft>) {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (tried) setErrors(checkReading(next, meter, readings, today, editing?.id));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setTried(true);
    const local = checkReading(draft, meter, readings, today, editing?.id);
    setErrors(local);
    if (local.readOn || local.value) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await onSave({ readOn: draft.readOn, value: normalizeAmount(draft.value), estimated });
      setBusy(false);
      if (!editing) {
        setDraft({ readOn: today, value: '' });
        setEstimated(false);
        setTried(false);
        setErrors({});
        form.querySelector<HTMLInputElement>('input[name="value"]')?.focus();
      }
    } catch (err) {
      setBusy(false);
      setErrors(serverErrors(err));
      requestAnimationFrame(() => focusFirstInvalid(form));
    }
  }

  const name = editing ? `Edit the reading of ${formatDate(editing.readOn)}` : `Read ${meter.name}`;
  return (
    <form className="reading-form" onSubmit={submit} noValidate aria-label={name} aria-busy={busy}>
      {errors.form && (
        <div className="alert alert--error" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <div className="reading-form__grid">
        <InputField
          label="Day"
          name="readOn"
          type="date"
          min={meter.installedOn}
          max={meter.removedOn ?? today}
          value={draft.readOn}
          onChange={(e) => change({ readOn: e.target.value })}
          error={errors.readOn}
        />
        <InputField
          label={`Reading (${unit})`}
          name="value"
          inputMode="decimal"
          autoComplete="off"
          autoFocus={!editing}
          value={draft.value}
          onChange={(e) => change({ value: e.target.value })}
          error={errors.value}
          hint={
            sameDay ? (
              <span data-testid="last-reading">
                Read already that day: {formatDecimal(sameDay.value, 6)} {unit}
              </span>
            ) : before ? (
              <span data-testid="last-reading">
                Before: {formatDecimal(before.value, 6)} {unit} on {formatDate(before.readOn)}
              </span>
            ) : (
              'The first reading starts the meter.'
            )
          }
        />
      </div>
      <p className="reading-form__implied" data-testid="implied" aria-live="polite">
        {implied
          ? `${formatDecimal(implied.amount, 6)} ${unit} used ${formatPeriod(implied.from, implied.to)}${implied.rolledOver ? ' (the register rolled over)' : ''}`
          : '\u00a0'}
      </p>
      <div className="record-form__actions">
        {!editing && (
          <label className="checkbox">
            <input type="checkbox" checked={estimated} onChange={(e) => setEstimated(e.target.checked)} /> Estimated
          </label>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save' : 'Save reading'}
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
