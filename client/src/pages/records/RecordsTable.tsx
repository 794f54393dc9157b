// The table of records: sortable columns, and each row edited or deleted in
// place. On a phone each row becomes a card (see styles.css).

import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import type { RecordFieldsFragment, RecordOrderField, OrderDirection } from '../../gql/graphql';
import { formatDate } from '../../lib/dates';
import { formatDecimal } from '../../lib/decimal';
import { formatMoney } from '../../lib/money';
import type { RecordDraft } from '../../lib/records';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';
import { RecordForm } from './RecordForm';

export interface Order {
  field: RecordOrderField;
  direction: OrderDirection;
}

interface Props {
  records: RecordFieldsFragment[];
  /** The account's currency, which costs are in. */
  currency: string;
  order: Order;
  today: string;
  onSort: (o: Order) => void;
  onUpdate: (id: string, d: RecordDraft) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}

function SortHeader({ label, field, order, onSort, className }: { label: string; field: RecordOrderField; order: Order; onSort: (o: Order) => void; className?: string }) {
  const active = order.field === field;
  const next: OrderDirection = active && order.direction === 'DESC' ? 'ASC' : 'DESC';
  return (
    <th scope="col" className={className} aria-sort={active ? (order.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort({ field, direction: active ? next : 'DESC' })}>
        {label}
        <span aria-hidden="true" className="sort__icon">
          {active ? (order.direction === 'ASC' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export function RecordsTable({ records, currency, order, today, onSort, onUpdate, onDelete }: Props) {
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <div className="table-scroll table-scroll--records">
      <table className="records">
        <caption className="visually-hidden">Your records; the column buttons sort them.</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <SortHeader label="Amount" field="AMOUNT" order={order} onSort={onSort} className="num" />
            <SortHeader label="First day" field="PERIOD_START" order={order} onSort={onSort} />
            <SortHeader label="Last day" field="PERIOD_END" order={order} onSort={onSort} />
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Notes</th>
            <SortHeader label="Added" field="CREATED_AT" order={order} onSort={onSort} className="records__added" />
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {records.map((r) =>
            editing === r.id ? (
              <tr key={r.id} className="records__editing">
                <td colSpan={8}>
                  <RecordForm
                    name={`Edit ${TYPE_LABEL[r.type].toLowerCase()} record of ${formatDate(r.periodStart)}`}
                    initial={{ type: r.type, amount: r.amount, unit: r.unit, periodStart: r.periodStart, periodEnd: r.periodEnd, notes: r.notes ?? '', cost: r.cost ?? '' }}
                    today={today}
                    submitLabel="Save"
                    busyLabel="Saving…"
                    compact
                    onSubmit={async (d) => {
                      await onUpdate(r.id, d);
                      setEditing(null);
                    }}
                    onCancel={() => setEditing(null)}
                  />
                </td>
              </tr>
            ) : (
              <tr key={r.id} data-id={r.id}>
                <td data-label="Type">
                  <span className={`tag tag--${r.type.toLowerCase()}`}>{TYPE_LABEL[r.type]}</span>
                </td>
                <td data-label="Amount" className="num">
                  {formatDecimal(r.amount, 6)} {UNIT_LABEL[r.unit]}
                </td>
                <td data-label="First day">{formatDate(r.periodStart)}</td>
                <td data-label="Last day">{formatDate(r.periodEnd)}</td>
                <td data-label="Cost" className="num">
                  {r.cost === null || r.cost === undefined ? <span className="muted">—</span> : formatMoney(r.cost, currency)}
                </td>
                <td data-label="Notes" className="records__notes">
                  {r.notes}
                </td>
                <td data-label="Added" className="records__added">
                  {formatDate(r.createdAt.slice(0, 10))}
                </td>
                <td className="records__actions">
                  {r.source === 'METER' ? (
                    // The use between two readings changes with the readings.
                    <Link to="/meters" className="button button--small">
                      From a meter<span className="visually-hidden">: change its readings</span>
                    </Link>
                  ) : (
                    <ConfirmDelete question="Delete this record?" what={`${TYPE_LABEL[r.type].toLowerCase()} record of ${formatDate(r.periodStart)}`} onDelete={() => onDelete(r.id)}>
                      <button type="button" className="button button--small" onClick={() => setEditing(r.id)}>
                        Edit<span className="visually-hidden"> {TYPE_LABEL[r.type].toLowerCase()} record of {formatDate(r.periodStart)}</span>
                      </button>
                    </ConfirmDelete>
                  )}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
