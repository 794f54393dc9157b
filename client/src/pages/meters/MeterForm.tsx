// The form that adds a meter: what it measures, its name, the day it was
// installed and the register's value then (its first reading), and the
// digits after which the register rolls over, when it does.

import { useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../../api/client';
import { InputField, SelectField } from '../../components/Field';
import type { ConsumptionType, CreateMeterInput, Unit } from '../../gql/graphql';
import { isDate } from '../../lib/dates';
import { checkAmount, normalizeAmount } from '../../lib/decimal';
import { DEFAULT_UNIT, TYPES, TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, allowsUnit } from '../../lib/units';
import { focusFirstInvalid } from '../auth/AuthForm';

type Field = 'type' | 'unit' | 'name' | 'serialNumber' | 'digits' | 'installedOn' | 'initialReading';
type Errors = Partial<Record<Field | 'form', string>>;

interface Draft {
  type: ConsumptionType;
  unit: Unit;
  name: string;
  serialNumber: string;
  digits: string;
  installedOn: string;
  initialReading: string;
}

/** The form's own checks, the server's rules as far as they need no data. */
export function checkMeter(d: Draft, today: string): Errors {
  const e: Errors = {};
  if (!d.name.trim()) e.name = 'Give the meter a name, such as "Gas meter in the cellar".';
  else if ([...d.name].length > 100) e.name = 'A name may be at most 100 characters long.';
  if ([...d.serialNumber].length > 100) e.serialNumber = 'A serial number may be at most 100 characters long.';
  if (d.digits !== '' && !/^(?:[1-9]|1[0-2])$/.test(d.digits)) e.digits = 'A register has 1 to 12 digits before the decimal point.';
  if (!isDate(d.installedOn)) e.installedOn = 'Enter the day the meter was installed.';
  else if (d.installedOn > today) e.installedOn = `A meter may not be installed after today (${today}).`;
  const reading = normalizeAmount(d.initialReading);
  if (reading !== '') {
    const problem = checkAmount(reading);
    if (problem) e.initialReading = problem.replace('The amount', 'The reading').replace('an amount', 'the reading');
  }
  return e;
}

/** The server's errors by field; others under `form`. */
function serverErrors(err: unknown): Errors {
  if (!(err instanceof ApiError)) return { form: describeError(err) };
  const out: Errors = {};
  for (const item of err.errors) {
    const f = item.field as Field | undefined;
    if (f && !out[f] && ['type', 'unit', 'name', 'serialNumber', 'digits', 'installedOn', 'initialReading'].includes(f)) out[f] = item.message;
    else out.form ??= item.message;
  }
  return out;
}

export function MeterForm({ today, onCreated }: { today: string; onCreated: (input: CreateMeterInput) => Promise<void> }) {
  const [d, setDraft] = useState<Draft>({ type: 'GAS', unit: 'CUBIC_METER', name: '', serialNumber: '', digits: '', installedOn: today, initialReading: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  function change(patch: Partial<Draft>) {
    const next = { ...d, ...patch };
    if (patch.type && !allowsUnit(patch.type, next.unit)) next.unit = DEFAULT_UNIT[patch.type];
    setDraft(next);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const local = checkMeter(d, today);
    setErrors(local);
    if (Object.keys(local).length) {
      requestAnimationFrame(() => focusFirstInvalid(form));
      return;
    }
    setBusy(true);
    try {
      const reading = normalizeAmount(d.initialReading);
      await onCreated({
        type: d.type,
        unit: d.unit,
        name: d.name.trim(),
        serialNumber: d.serialNumber.trim() || null,
        digits: d.digits ? Number(d.digits) : null,
        installedOn: d.installedOn,
        initialReading: reading || null,
      });
      setDraft({ ...d, name: '', serialNumber: '', digits: '', initialReading: '' });
    } catch (err) {
      setErrors(serverErrors(err));
      requestAnimationFrame(() => focusFirstInvalid(form));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-label="Add a meter" aria-busy={busy}>
      {errors.form && (
        <div className="alert alert--error" role="alert">
          <p>{errors.form}</p>
        </div>
      )}
      <div className="record-form__grid">
        <SelectField label="Type" name="type" value={d.type} onChange={(e) => change({ type: e.target.value as ConsumptionType })} error={errors.type}>
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Unit" name="unit" value={d.unit} onChange={(e) => change({ unit: e.target.value as Unit })} error={errors.unit}>
          {UNITS_BY_TYPE[d.type].map((u) => (
            <option key={u} value={u}>
              {UNIT_LABEL[u]}
            </option>
          ))}
        </SelectField>
        <InputField label="Name" name="name" autoComplete="off" value={d.name} onChange={(e) => change({ name: e.target.value })} error={errors.name} />
        <InputField
          label="Installed on"
          name="installedOn"
          type="date"
          max={today}
          value={d.installedOn}
          onChange={(e) => change({ installedOn: e.target.value })}
          error={errors.installedOn}
        />
        <InputField
          label="Reading then (optional)"
          name="initialReading"
          inputMode="decimal"
          autoComplete="off"
          value={d.initialReading}
          onChange={(e) => change({ initialReading: e.target.value })}
          error={errors.initialReading}
        />
        <InputField
          label="Digits (optional)"
          name="digits"
          inputMode="numeric"
          autoComplete="off"
          hint="Before the decimal point, when the register rolls over to 0."
          value={d.digits}
          onChange={(e) => change({ digits: e.target.value.trim() })}
          error={errors.digits}
        />
        <InputField
          label="Serial number (optional)"
          name="serialNumber"
          autoComplete="off"
          value={d.serialNumber}
          onChange={(e) => change({ serialNumber: e.target.value })}
          error={errors.serialNumber}
        />
      </div>
      <div className="record-form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add meter'}
        </button>
      </div>
    </form>
  );
}
