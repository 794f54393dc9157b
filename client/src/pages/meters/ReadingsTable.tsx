// A meter's readings, latest first, each with the consumption since the
// reading before it; each edited or deleted in place. On a phone each row
// becomes a card, as the records' rows do.

import { useState } from 'react';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import type { MeterFieldsFragment, ReadingFieldsFragment } from '../../gql/graphql';
import { formatDate, formatPeriod } from '../../lib/dates';
import { formatDecimal } from '../../lib/decimal';
import type { ReadingDraft } from '../../lib/meters';
import { UNIT_LABEL } from '../../lib/units';
import { ReadingForm } from './ReadingForm';

interface Props {
  meter: MeterFieldsFragment;
  readings: ReadingFieldsFragment[];
  today: string;
  onUpdate: (id: string, d: ReadingDraft) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

export function ReadingsTable({ meter, readings, today, onUpdate, onDelete }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  const unit = UNIT_LABEL[meter.unit];

  return (
    <div className="table-scroll">
      <table className="records readings">
        <caption className="visually-hidden">The readings of {meter.name}, latest first.</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col" className="num">
              Reading
            </th>
            <th scope="col" className="num">
              Used since the reading before
            </th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {readings.map((r) =>
            editing === r.id ? (
              <tr key={r.id} className="records__editing">
                <td colSpan={4}>
                  <ReadingForm
                    meter={meter}
                    readings={readings}
                    today={today}
                    editing={r}
                    onSave={async (d) => {
                      await onUpdate(r.id, d);
                      setEditing(null);
                    }}
                    onCancel={() => setEditing(null)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={r.id} data-id={r.id} data-day={r.readOn}>
                <td data-label="Day">
                  {formatDate(r.readOn)}
                  {r.estimated && <span className="tag readings__estimated">estimated</span>}
                </td>
                <td data-label="Reading" className="num">
                  {formatDecimal(r.value, 6)} {unit}
                </td>
                <td data-label="Used" className="num" data-testid="used">
                  {r.period ? (
                    <>
                      {formatDecimal(r.period.amount, 6)} {unit}
                      <span className="readings__period"> {formatPeriod(r.period.periodStart, r.period.periodEnd)}</span>
                    </>
                  ) : (
                    <span className="readings__period">first reading</span>
                  )}
                </td>
                <td className="records__actions">
                  <ConfirmDelete question="Delete this reading?" what={`the reading of ${formatDate(r.readOn)}`} onDelete={() => onDelete(r.id)}>
                    <button type="button" className="button button--small" onClick={() => setEditing(r.id)}>
                      Edit<span className="visually-hidden"> the reading of {formatDate(r.readOn)}</span>
                    </button>
                  </ConfirmDelete>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
