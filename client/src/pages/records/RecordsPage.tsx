// The records: add one, import a CSV file, and browse, sort, filter, edit,
// delete and export them. The filter, order and page size live in the
// address, so that a view can be bookmarked; the page is a cursor stack.

import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError, request } from '../../api/client';
import { CreateRecordDocument, DeleteRecordDocument, RecordsDocument, UpdateRecordDocument } from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { useAccount } from '../../components/Account';
import { InputField, SelectField } from '../../components/Field';
import { Empty, ErrorMessage, Loading, Notice, useNotice } from '../../components/Status';
import type { ConsumptionType, OrderDirection, RecordFieldsFragment, RecordFilter, RecordOrderField, RecordsQuery, Unit } from '../../gql/graphql';
import { download } from '../../lib/download';
import { isDate } from '../../lib/dates';
import type { RecordDraft } from '../../lib/records';
import { writeRecordsCsv } from '../../lib/recordCsv';
import { TYPES, TYPE_LABEL, isType } from '../../lib/units';
import { count, withArticle } from '../../lib/words';
import { CsvImport } from './CsvImport';
import { RecordForm, emptyDraft } from './RecordForm';
import { RecordsTable, type Order } from './RecordsTable';

const PAGE_SIZES = [25, 50, 100];
const ORDER_FIELDS: RecordOrderField[] = ['PERIOD_START', 'PERIOD_END', 'AMOUNT', 'CREATED_AT'];

function toInput(d: RecordDraft) {
  return {
    type: d.type,
    amount: d.amount,
    unit: d.unit as Unit,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    notes: d.notes === '' ? null : d.notes,
    cost: d.cost === '' ? null : d.cost,
  };
}

export function RecordsPage() {
  const { today, me } = useAccount();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { notice, act, clear } = useNotice();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const typeParam = params.get('type')?.toUpperCase() ?? '';
  const type: ConsumptionType | null = isType(typeParam) ? typeParam : null;
  const from = isDate(params.get('from') ?? '') ? params.get('from')! : '';
  const to = isDate(params.get('to') ?? '') ? params.get('to')! : '';
  const sortParam = (params.get('sort') ?? '').toUpperCase() as RecordOrderField;
  const order: Order = {
    field: ORDER_FIELDS.includes(sortParam) ? sortParam : 'PERIOD_START',
    direction: (params.get('dir') ?? '').toUpperCase() === 'ASC' ? 'ASC' : ('DESC' as OrderDirection),
  };
  const size = PAGE_SIZES.includes(Number(params.get('size'))) ? Number(params.get('size')) : PAGE_SIZES[0]!;

  const filter: RecordFilter = {};
  if (type) filter.types = [type];
  if (from) filter.from = from;
  if (to) filter.to = to;

  const page = cursors.length - 1;
  const after = cursors[page] ?? null;
  const { data, error, loading, reload } = useQuery(RecordsDocument, { filter, orderBy: order, first: size, after });
  const conn = data?.consumptionRecords;
  const records: RecordFieldsFragment[] = conn?.edges.map((e) => e.node) ?? [];

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
    setCursors([null]);
    clear();
  }

  /** Runs a change to the records, then shows its message and the list again. */
  function change(run: () => Promise<unknown>, message: string) {
    return act(async () => {
      await run();
      reload();
      return message;
    });
  }

  async function exportAll() {
    setExporting(true);
    setExportError(null);
    clear();
    try {
      const all: RecordFieldsFragment[] = [];
      let cursor: string | null = null;
      for (;;) {
        const batch: RecordsQuery = await request(RecordsDocument, { filter, orderBy: order, first: 500, after: cursor });
        all.push(...batch.consumptionRecords.edges.map((e) => e.node));
        if (!batch.consumptionRecords.pageInfo.hasNextPage) break;
        cursor = batch.consumptionRecords.pageInfo.endCursor ?? null;
        if (!cursor) break;
      }
      const parts = [type?.toLowerCase(), from && `from-${from}`, to && `to-${to}`].filter(Boolean).join('-');
      download(`consumption-records${parts ? `-${parts}` : ''}-${today}.csv`, writeRecordsCsv(all));
      void act(async () => `Exported ${count(all.length, 'record')}.`);
    } catch (e) {
      setExportError(describeError(e));
    } finally {
      setExporting(false);
    }
  }

  const filtered = Boolean(type || from || to);
  const total = conn?.totalCount ?? 0;
  const first = page * size + 1;

  return (
    <>
      <div className="page__head">
        <h1>Records</h1>
        <p className="page__sub">Bills and meter periods, each over whole days.</p>
      </div>

      {/* A form sent, even one refused before it leaves, ends the last message. */}
      <section className="panel" aria-labelledby="add-title" onSubmitCapture={clear}>
        <h2 id="add-title">Add a record</h2>
        <RecordForm
          name="Add a record"
          initial={emptyDraft(type ?? 'ELECTRICITY')}
          today={today}
          submitLabel="Add record"
          busyLabel="Adding…"
          resetOnSuccess
          onSubmit={(d) => change(() => request(CreateRecordDocument, { input: toInput(d) }), `Added ${withArticle(`${TYPE_LABEL[d.type].toLowerCase()} record`)}.`)}
        />
      </section>

      <details className="panel panel--details">
        <summary>
          <h2>Import from a CSV file</h2>
        </summary>
        <CsvImport today={today} currency={me?.currency ?? 'EUR'} onImported={(n) => void act(async () => {
            reload();
            return `Imported ${count(n, 'record')}.`;
          })} />
      </details>

      <section className="panel" aria-labelledby="list-title" onSubmitCapture={clear}>
        <div className="panel__head">
          <h2 id="list-title">Your records</h2>
          <button type="button" className="button" onClick={exportAll} disabled={exporting || total === 0}>
            {exporting ? 'Exporting…' : filtered ? 'Export these as CSV' : 'Export all as CSV'}
          </button>
        </div>
        {exportError && <ErrorMessage error={exportError} />}
        <form className="controls controls--filters" aria-label="Filter records" onSubmit={(e) => e.preventDefault()}>
          <SelectField label="Type" value={type ?? ''} onChange={(e) => update({ type: e.target.value.toLowerCase() })}>
            <option value="">All types</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </SelectField>
          <InputField label="From" type="date" value={from} onChange={(e) => update({ from: e.target.value })} />
          <InputField label="To" type="date" value={to} onChange={(e) => update({ to: e.target.value })} />
          <SelectField label="Per page" value={String(size)} onChange={(e) => update({ size: e.target.value })}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </SelectField>
          {filtered && (
            <button type="button" className="button button--ghost controls__clear" onClick={() => update({ type: '', from: '', to: '' })}>
              Clear filters
            </button>
          )}
        </form>
        <div aria-live="polite" className="live">
          {notice && <Notice tone="success">{notice}</Notice>}
        </div>
        {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
        {!data && loading && <Loading>Loading your records…</Loading>}
        {data && records.length === 0 && (
          <Empty title={filtered ? 'No records match these filters' : 'No records yet'}>
            <p>{filtered ? 'Try other dates or types, or clear the filters.' : 'Add your first one with the form above, or import a CSV file.'}</p>
          </Empty>
        )}
        {records.length > 0 && (
          <div aria-busy={loading} className={loading ? 'is-refreshing' : undefined}>
            <RecordsTable
              records={records}
              currency={me?.currency ?? 'EUR'}
              order={order}
              today={today}
              onSort={(o) => update({ sort: o.field.toLowerCase(), dir: o.direction.toLowerCase() })}
              onUpdate={(id, d) => change(() => request(UpdateRecordDocument, { id, input: toInput(d) }), 'Saved the record.')}
              onDelete={(id) =>
                change(async () => {
                  await request(DeleteRecordDocument, { id });
                  if (records.length === 1 && page > 0) setCursors((c) => c.slice(0, -1));
                }, 'Deleted the record.')
              }
            />
            <nav className="pager" aria-label="Pages of records">
              <p className="pager__count" data-testid="records-count">
                {first}–{first + records.length - 1} of {total}
              </p>
              <button type="button" className="button" disabled={page === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
                Previous page
              </button>
              <button
                type="button"
                className="button"
                disabled={!conn?.pageInfo.hasNextPage}
                onClick={() => conn?.pageInfo.endCursor && setCursors((c) => [...c, conn.pageInfo.endCursor!])}
              >
                Next page
              </button>
            </nav>
          </div>
        )}
      </section>
    </>
  );
}
