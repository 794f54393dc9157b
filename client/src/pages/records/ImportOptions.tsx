// How an imported file is read: which column holds what (guessed from the
// header, changeable), the type and unit of every row when no column says,
// and the date format, detected with its evidence and confirmed by the
// person when the days read both ways.

import { useId } from 'react';
import { SelectField } from '../../components/Field';
import type { ConsumptionType, Unit } from '../../gql/graphql';
import { DATE_FORMATS, DATE_FORMAT_LABEL, type DateFormat, type DateFormatGuess } from '../../lib/dateFormats';
import { formatDate } from '../../lib/dates';
import { COLUMN_LABEL, type Column, type CsvTable, type ImportSettings } from '../../lib/recordCsv';
import { TYPES, TYPE_LABEL, UNITS_BY_TYPE, UNIT_LABEL, isType } from '../../lib/units';

const ALL_UNITS: readonly Unit[] = ['KWH', 'WH', 'MWH', 'CUBIC_METER', 'LITER'];

const REQUIRED: readonly Column[] = ['amount', 'periodStart', 'periodEnd'];

/** The columns in the order people look for them: the days and amount first. */
const SHOWN_ORDER: readonly Column[] = ['periodStart', 'periodEnd', 'amount', 'cost', 'notes', 'type', 'unit'];

interface Props {
  table: CsvTable;
  settings: ImportSettings;
  onChange: (s: ImportSettings) => void;
  guess: DateFormatGuess;
  /** The header the unit was read from, while the unit is still that one. */
  unitFrom: string | null;
}

export function ImportOptions({ table, settings, onChange, guess, unitFrom }: Props) {
  const id = useId();
  const first = table.rows[0]?.fields ?? [];
  const format = settings.dateFormat ?? guess.format;
  const confirmed = !guess.ambiguous || settings.dateFormat !== null;
  const set = (change: Partial<ImportSettings>) => onChange({ ...settings, ...change });
  const setColumn = (c: Column, value: string) => {
    const columns = { ...settings.columns };
    if (value === '') delete columns[c];
    else columns[c] = Number(value);
    set({ columns });
  };
  const units = settings.type ? UNITS_BY_TYPE[settings.type] : ALL_UNITS;

  return (
    <div className="import-options">
      <fieldset className="import-options__group">
        <legend>Which column holds what</legend>
        <p className="field__hint">Guessed from the first line of the file; change any that are wrong.</p>
        <div className="controls">
          {SHOWN_ORDER.map((c) => {
            const i = settings.columns[c];
            const sample = i === undefined ? undefined : first[i]?.trim();
            return (
              <SelectField
                key={c}
                label={COLUMN_LABEL[c]}
                value={i === undefined ? '' : String(i)}
                onChange={(e) => setColumn(c, e.target.value)}
                hint={sample ? `Row 2: ${sample}` : undefined}
              >
                <option value="">{REQUIRED.includes(c) ? 'Choose a column' : c === 'type' || c === 'unit' ? 'Not in the file' : 'None'}</option>
                {table.header.map((name, n) => (
                  <option key={n} value={n}>
                    {name === '' ? `Column ${n + 1}` : name}
                  </option>
                ))}
              </SelectField>
            );
          })}
        </div>
      </fieldset>

      {(settings.columns.type === undefined || settings.columns.unit === undefined) && (
        <fieldset className="import-options__group">
          <legend>For every row</legend>
          <div className="controls">
            {settings.columns.type === undefined && (
              <SelectField
                label="Type of all rows"
                value={settings.type ?? ''}
                onChange={(e) => {
                  const type = isType(e.target.value) ? (e.target.value as ConsumptionType) : null;
                  const unit = type && settings.unit && !UNITS_BY_TYPE[type].includes(settings.unit) ? null : settings.unit;
                  set({ type, unit });
                }}
              >
                <option value="">Choose a type</option>
                {TYPES.map((t) => (
                  <option key={t} value={t}>
                    {TYPE_LABEL[t]}
                  </option>
                ))}
              </SelectField>
            )}
            {settings.columns.unit === undefined && (
              <SelectField
                label="Unit of all amounts"
                value={settings.unit ?? ''}
                onChange={(e) => set({ unit: e.target.value === '' ? null : (e.target.value as Unit) })}
                hint={unitFrom ? `From the header “${unitFrom}”.` : undefined}
              >
                <option value="">Choose a unit</option>
                {units.map((u) => (
                  <option key={u} value={u}>
                    {UNIT_LABEL[u]}
                  </option>
                ))}
              </SelectField>
            )}
          </div>
        </fieldset>
      )}

      <fieldset className="import-options__group" aria-describedby={`${id}-reason`}>
        <legend>Date format</legend>
        <div className="import-options__formats">
          {DATE_FORMATS.map((f: DateFormat) => (
            <label key={f} className="measure__option">
              <input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => set({ dateFormat: f })} />
              {DATE_FORMAT_LABEL[f]}
              {f === guess.format && ' (detected)'}
            </label>
          ))}
        </div>
        <p className="field__hint" id={`${id}-reason`}>
          {guess.reason}
          {guess.example && format === guess.format && (
            <>
              {' '}
              {guess.example.text} reads as {formatDate(guess.example.day)}.
            </>
          )}
        </p>
        {!confirmed && (
          <div className="alert alert--info import-options__confirm" role="status">
            <p>
              Check the date format: in this file, days read both as DD/MM/YYYY and as MM/DD/YYYY.
              {guess.example && ` Is ${guess.example.text} ${formatDate(guess.example.day)}?`}
            </p>
            <button type="button" className="button button--small" onClick={() => set({ dateFormat: guess.format })}>
              Yes, the days are {DATE_FORMAT_LABEL[guess.format]}
            </button>
          </div>
        )}
      </fieldset>
    </div>
  );
}
