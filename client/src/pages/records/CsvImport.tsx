// Importing records from a CSV file: read it in the browser, show every row
// with what is wrong with it, then send the good rows in one bulk mutation
// (all or nothing on the server), and show the server's errors on their row.

import { useId, useRef, useState } from 'react';
import { ApiError, describeError, request } from '../../api/client';
import { CreateRecordsDocument } from '../../api/documents';
import { Notice } from '../../components/Status';
import { readRecordsCsv, writeRecordsCsv, CSV_COLUMNS, type ImportResult, type ImportRow } from '../../lib/recordCsv';
import { download } from '../../lib/download';
import { readText } from '../../lib/files';

const FIELD_NAMES: Record<string, string> = {
  row: 'Line',
  type: 'Type',
  amount: 'Amount',
  unit: 'Unit',
  periodStart: 'First day',
  periodEnd: 'Last day',
  notes: 'Notes',
  cost: 'Cost',
};


function problems(row: ImportRow): string[] {
  return Object.entries(row.errors).map(([field, message]) => `${FIELD_NAMES[field] ?? field}: ${message}`);
}

export function CsvImport({ today, onImported }: { today: string; onImported: (count: number) => void }) {
  const [fileName, setFileName] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();

  async function choose(file: File | undefined) {
    setDone(null);
    setError(null);
    if (!file) {
      setResult(null);
      return;
    }
    setFileName(file.name);
    if (file.size > 5 * 1024 * 1024) {
      setResult({ rows: [], fileError: 'The file is larger than 5 MB; split it into smaller files.' });
      return;
    }
    setResult(readRecordsCsv(await readText(file), today));
  }

  const valid = result?.rows.filter((r) => r.input) ?? [];
  const invalid = (result?.rows.length ?? 0) - valid.length;

  async function send() {
    if (!result || valid.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await request(CreateRecordsDocument, { input: valid.map((r) => ({ ...r.input!, source: 'IMPORT' as const })) });
      setDone(`Imported ${valid.length} ${valid.length === 1 ? 'record' : 'records'} from ${fileName}.`);
      setResult(null);
      if (input.current) input.current.value = '';
      onImported(valid.length);
    } catch (e) {
      if (e instanceof ApiError && e.errors.some((x) => x.index !== undefined)) {
        // Put each error on the row it names; the index counts the rows sent.
        const rows = result.rows.map((r) => ({ ...r, errors: { ...r.errors } }));
        for (const item of e.errors) {
          const sent = item.index === undefined ? undefined : valid[item.index];
          const row = sent && rows.find((r) => r.line === sent.line);
          if (row) {
            const field = (item.field?.split('.').pop() ?? 'row') as keyof ImportRow['errors'];
            row.errors[field in FIELD_NAMES ? field : 'row'] = item.message;
            row.input = null;
          }
        }
        setResult({ ...result, rows });
        setError('The server refused some rows, so nothing was imported. They are marked below; fix them in the file and choose it again, or import the others.');
      } else {
        setError(describeError(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="csv-import">
      <div className="field">
        <label htmlFor={`${hintId}-file`}>CSV file to import</label>
        <input
          ref={input}
          id={`${hintId}-file`}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={hintId}
          onChange={(e) => void choose(e.target.files?.[0])}
        />
        <p className="field__hint" id={hintId}>
          The first line names the columns: <code>{CSV_COLUMNS.join(',')}</code>. Types are ELECTRICITY, WATER or GAS; units WH, KWH, MWH, LITER or
          CUBIC_METER; days YYYY-MM-DD; notes and cost (what the bill says) may be left out.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              download(
                'consumption-template.csv',
                writeRecordsCsv([{ type: 'ELECTRICITY', amount: '310.25', unit: 'KWH', periodStart: '2024-01-01', periodEnd: '2024-01-31', notes: 'January bill', cost: '84.12' }]),
              )
            }
          >
            Download a template
          </button>
          .
        </p>
      </div>
      {done && <Notice tone="success">{done}</Notice>}
      {error && (
        <div className="alert alert--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      {result?.fileError && (
        <div className="alert alert--error" role="alert">
          <p>{result.fileError}</p>
        </div>
      )}
      {result && result.rows.length > 0 && (
        <>
          <p role="status" className="csv-import__summary">
            {result.rows.length} {result.rows.length === 1 ? 'row' : 'rows'} in {fileName}: {valid.length} ready
            {invalid > 0 && `, ${invalid} with problems (marked below; they will not be imported)`}.
          </p>
          <div className="table-scroll">
            <table className="preview">
              <caption className="visually-hidden">Preview of {fileName}</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Check</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">Amount</th>
                  <th scope="col">Unit</th>
                  <th scope="col">First day</th>
                  <th scope="col">Last day</th>
                  <th scope="col">Notes</th>
                  <th scope="col" className="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => {
                  const list = problems(r);
                  return (
                    <tr key={r.line} className={list.length ? 'preview__bad' : undefined} data-line={r.line}>
                      <th scope="row">{r.line}</th>
                      <td className="preview__check">
                        {list.length === 0 ? (
                          <span className="ok">OK</span>
                        ) : (
                          <ul className="problems">
                            {list.map((p) => (
                              <li key={p}>{p}</li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>{r.cells.type}</td>
                      <td className="num">{r.cells.amount}</td>
                      <td>{r.cells.unit}</td>
                      <td>{r.cells.periodStart}</td>
                      <td>{r.cells.periodEnd}</td>
                      <td>{r.cells.notes}</td>
                      <td className="num">{r.cells.cost}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="record-form__actions">
            <button type="button" className="button button--primary" onClick={send} disabled={busy || valid.length === 0}>
              {busy
                ? 'Importing…'
                : invalid > 0
                  ? `Import the ${valid.length} good ${valid.length === 1 ? 'row' : 'rows'}`
                  : `Import ${valid.length} ${valid.length === 1 ? 'record' : 'records'}`}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setResult(null);
                if (input.current) input.current.value = '';
              }}
            >
              Cancel
            </button>
          </div>
        </>
      )}
    </div>
  );
}
