// The dashboard's pickers: the date range (with presets), and the size of
// the chart's buckets.

import { InputField, SelectField } from '../../components/Field';
import type { Granularity } from '../../lib/dates';
import { PRESETS, presetOf, type Range } from '../../lib/ranges';

export const GRANULARITIES: { value: Granularity; label: string }[] = [
  { value: 'DAY', label: 'Day' },
  { value: 'WEEK', label: 'Week' },
  { value: 'MONTH', label: 'Month' },
  { value: 'QUARTER', label: 'Quarter' },
  { value: 'YEAR', label: 'Year' },
];

interface Props {
  range: Range;
  granularity: Granularity;
  today: string;
  rangeError: string | null;
  onRange: (r: Range) => void;
  onGranularity: (g: Granularity) => void;
}

export function RangeControls({ range, granularity, today, rangeError, onRange, onGranularity }: Props) {
  const preset = presetOf(range, today);
  return (
    <form className="controls" aria-label="What the dashboard shows" onSubmit={(e) => e.preventDefault()}>
      <SelectField
        label="Period"
        value={preset}
        onChange={(e) => {
          const p = PRESETS.find((x) => x.id === e.target.value);
          if (p) onRange(p.range(today));
        }}
      >
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
        <option value="custom" disabled={preset !== 'custom'}>
          Custom dates
        </option>
      </SelectField>
      <InputField
        label="From"
        type="date"
        value={range.from}
        min="1970-01-01"
        onChange={(e) => e.target.value && onRange({ ...range, from: e.target.value })}
        error={rangeError ?? undefined}
      />
      <InputField label="To" type="date" value={range.to} min="1970-01-01" onChange={(e) => e.target.value && onRange({ ...range, to: e.target.value })} />
      <SelectField label="Group by" value={granularity} onChange={(e) => onGranularity(e.target.value as Granularity)}>
        {GRANULARITIES.map((g) => (
          <option key={g.value} value={g.value}>
            {g.label}
          </option>
        ))}
      </SelectField>
    </form>
  );
}
