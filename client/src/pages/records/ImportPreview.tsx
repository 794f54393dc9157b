// The preview of an imported file: how many rows are ready, each kind of
// problem once with the rows that have it, and every row as it will be
// stored, or with what is wrong with it (an overlap shows the record the
// row overlaps).

import type { RecordFieldsFragment } from '../../gql/graphql';
import { formatDate, formatPeriod } from '../../lib/dates';
import { formatDecimal } from '../../lib/decimal';
import { formatMoney } from '../../lib/money';
import { COLUMN_LABEL, summarizeProblems, type ImportRow, type Problem } from '../../lib/recordCsv';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';
import { count } from '../../lib/words';

interface Props {
  fileName: string;
  rows: readonly ImportRow[];
  /** The stored records that rows overlap, by id. */
  existing: ReadonlyMap<string, RecordFieldsFragment>;
  currency: string;
}

/** A stored record in a phrase: "your electricity record of Jan 1 – 31, 2025 (300 kWh, €80.00, “January”)". */
function describeRecord(r: RecordFieldsFragment, currency: string): string {
  const details = [`${formatDecimal(r.amount, 6)} ${UNIT_LABEL[r.unit]}`];
  if (r.cost) details.push(formatMoney(r.cost, currency));
  if (r.notes) details.push(`“${r.notes}”`);
  return `your ${TYPE_LABEL[r.type].toLowerCase()} record of ${formatPeriod(r.periodStart, r.periodEnd)} (${details.join(', ')})`;
}

function describeProblem(p: Problem, existing: Props['existing'], currency: string): string {
  const stored = p.conflictingId ? existing.get(p.conflictingId) : undefined;
  if (stored) return `Overlaps ${describeRecord(stored, currency)}.`;
  return p.field === 'row' ? p.message : `${COLUMN_LABEL[p.field]}: ${p.message}`;
}

export function ImportPreview({ fileName, rows, existing, currency }: Props) {
  const ready = rows.filter((r) => r.input).length;
  const bad = rows.length - ready;
  const summaries = summarizeProblems(rows);
  return (
    <>
      <p className="csv-import__summary">
        {count(rows.length, 'row')} in {fileName}: {ready} ready
        {bad > 0 && `, ${bad} with problems (they will not be imported)`}.
      </p>
      {summaries.length > 0 && (
        <ul className="problems csv-import__problems" aria-label="Problems in the file">
          {summaries.map((s) => (
            <li key={s.kind}>{s.text}</li>
          ))}
        </ul>
      )}
      <div className="table-scroll" tabIndex={0} aria-label={`Preview of ${fileName}`} role="region">
        <table className="preview">
          <caption className="visually-hidden">Preview of {fileName}</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Check</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">First day</th>
              <th scope="col">Last day</th>
              <th scope="col">Notes</th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.line} className={r.problems.length ? 'preview__bad' : undefined} data-line={r.line}>
                <th scope="row" data-label="Row">
                  {r.line}
                </th>
                <td className="preview__check" data-label="Check">
                  {r.problems.length === 0 ? (
                    <span className="ok">OK</span>
                  ) : (
                    <ul className="problems">
                      {r.problems.map((p, i) => (
                        <li key={i}>{describeProblem(p, existing, currency)}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-label="Type">{r.read.type ? TYPE_LABEL[r.read.type] : r.cells.type}</td>
                <td className="num" data-label="Amount">
                  {r.read.amount !== undefined ? formatDecimal(r.read.amount, 6) : r.cells.amount} {r.read.unit ? UNIT_LABEL[r.read.unit] : r.cells.unit}
                </td>
                <td className="preview__day" data-label="First day">
                  {r.read.periodStart ? formatDate(r.read.periodStart) : r.cells.periodStart}
                </td>
                <td className="preview__day" data-label="Last day">
                  {r.read.periodEnd ? formatDate(r.read.periodEnd) : r.cells.periodEnd}
                </td>
                <td data-label="Notes">{r.cells.notes}</td>
                <td className="num" data-label="Cost">
                  {r.read.cost ? formatMoney(r.read.cost, currency) : r.cells.cost}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
