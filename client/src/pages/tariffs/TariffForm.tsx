// The form that adds a tariff or edits one in place: the server's rules
// checked as the person types (after the first try), an overlap with
// another tariff of the type said before sending, and the server's own
// errors put on the field they name.

import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/client';
import { InputField, SelectField } from '../../components/Field';
import type { ConsumptionType, TariffFieldsFragment } from '../../gql/graphql';
import { formatDate } from '../../lib/dates';
import { normalizeAmount } from '../../lib/decimal';
import { currencySymbol } from '../../lib/money';
import { overlapping, validateTariff, type TariffDraft, type TariffErrors, type TariffField } from '../../lib/tariffs';
import { DEFAULT_UNIT, TYPES, TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, allowsUnit } from '../../lib/units';
import { focusFirstInvalid } from '../auth/AuthForm';

const FIELDS: readonly TariffField[] = ['type', 'name', 'validFrom', 'validTo', 'unitPrice', 'priceUnit', 'standingChargePerDay', 'taxPercent'];

export function emptyTariff(type: ConsumptionType, validFrom: string): TariffDraft {
  return { type, name: '', validFrom, validTo: '', unitPrice: '', priceUnit: DEFAULT_UNIT[type], standingChargePerDay: '0', taxPercent: '' };
}

/** The server's errors by field (taxRate is the form's taxPercent); the rest under `form`. */
function serverErrors(e: unknown): TariffErrors & { form?: string } {
  if (!(e instanceof ApiError)) return { form: describeError(e) };
  const out: TariffErrors & { form?: string } = {};
  for (const item of e.errors) {
    const name = item.field === 'taxRate' ? 'taxPercent' : item.field;
    if (name && (FIELDS as readonly string[]).includes(name) && !out[name as TariffField]) {
      out[name as TariffField] = item.message;
    } else if (!out.form) {
      out.form = describeError(new ApiError([item]));
    }
  }
  return out;
}

interface Props {
  initial: TariffDraft;
  /** Every stored tariff, to find an overlap before sending. */
  tariffs: readonly TariffFieldsFragment[];
  /** The id of the tariff edited, which cannot overlap itself. */
  self?: string;
  currency: string;
  name: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (draft: TariffDraft) => Promise<void>;
  onCancel?: () => void;
  resetOnSuccess?: boolean;
}

export function TariffForm({ initial, tariffs, self, currency, name, submitLabel, busyLabel, onSubmit, onCancel, resetOnSuccess = false }: Props) {
  const [draft, setDraft] = useState<TariffDraft>(initial);
  const [errors, setErrors] = useState<TariffErrors & { form?: string }>({});
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const symbol = currencySymbol(currency);

  function check(d: TariffDraft): TariffErrors {
    const errs = validateTariff(d);
    const other = !errs.validFrom && !errs.validTo ? overlapping(d, tariffs, self) : null;
    if (other) {
      errs.validFrom = `These days overlap your tariff “${other.name}” (from ${formatDate(other.validFrom)}${
        other.validTo ? ` to ${formatDate(other.validTo)}` : ', with no end'
      }); let one end the day before the other starts.`;
    }
    return errs;
  }

  function change(patch: Partial<TariffDraft>) {
    const next = { ...draft, ...patch };
    if (patch.type && !allowsUnit(patch.type, next.priceUnit)) next.priceUnit = DEFAULT_UNIT[patch.type];
    setDraft(next);
    if (tried) setErrors(check(clean(next)));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setTried(true);
    const d = clean(draft);
    const local = check(d);
    setErrors(local);
    if (Object.keys(local).length > 0) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(d);
      setBusy(false);
      if (resetOnSuccess) {
        setDraft(emptyTariff(d.type, d.validFrom));
        setTried(false);
        setErrors({});
      }
    } catch (err) {
      setBusy(false);
      setErrors(serverErrors(err));
      requestAnimationFrame(() => focusFirstInvalid(form));
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label={name} aria-busy={busy}>
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
        <InputField label="Name" name="name" autoComplete="off" placeholder="e.g. Fixed 2025" value={draft.name} onChange={(e) => change({ name: e.target.value })} error={errors.name} />
        <InputField label="First day" name="validFrom" type="date" min="1970-01-01" value={draft.validFrom} onChange={(e) => change({ validFrom: e.target.value })} error={errors.validFrom} />
        <InputField
          label="Last day (optional)"
          name="validTo"
          type="date"
          min={draft.validFrom || '1970-01-01'}
          value={draft.validTo}
          onChange={(e) => change({ validTo: e.target.value })}
          error={errors.validTo}
          hint="Empty: until you add another."
        />
        <InputField
          label={`Price (${symbol}) before tax`}
          name="unitPrice"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 0.25"
          value={draft.unitPrice}
          onChange={(e) => change({ unitPrice: e.target.value })}
          error={errors.unitPrice}
        />
        <SelectField label="Per" name="priceUnit" value={draft.priceUnit} onChange={(e) => change({ priceUnit: e.target.value })} error={errors.priceUnit}>
          {UNITS_BY_TYPE[draft.type].map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </SelectField>
        <InputField
          label={`Standing charge (${symbol} a day)`}
          name="standingChargePerDay"
          inputMode="decimal"
          autoComplete="off"
          value={draft.standingChargePerDay}
          onChange={(e) => change({ standingChargePerDay: e.target.value })}
          error={errors.standingChargePerDay}
        />
        <InputField
          label="Tax (%)"
          name="taxPercent"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 21"
          value={draft.taxPercent}
          onChange={(e) => change({ taxPercent: e.target.value })}
          error={errors.taxPercent}
          hint="On the price and the standing charge."
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

function clean(d: TariffDraft): TariffDraft {
  return {
    ...d,
    unitPrice: normalizeAmount(d.unitPrice),
    standingChargePerDay: normalizeAmount(d.standingChargePerDay),
    taxPercent: normalizeAmount(d.taxPercent).replace(/%$/, ''),
  };
}
