// Importing readings from a CSV file (a date and a value a line): read in
// the browser, every row checked against the meter's rules and readings
// with its problems shown, then the good rows sent in one bulk mutation
// (all or nothing on the server), whose errors land on their rows.

import { useId, useRef, useState } from 'react';
import { ApiError, describeError, request } from '../../api/client';
import { AddReadingsDocument } from '../../api/documents';
import type { MeterFieldsFragment } from '../../gql/graphql';
import { readText } from '../../lib/files';
import { readReadingsCsv, type ReadingImport, type ReadingLike } from '../../lib/meters';


interface Props {
  meter: MeterFieldsFragment;
  readings: readonly ReadingLike[];
  today: string;
  onImported: (count: number) => void;
}

export function ReadingsImport({ meter, readings, today, onImported }: Props) {
  const [fileName, setFileName] = useState('');
  const [result, setResult] = useState<ReadingImport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  async function choose(file: File | undefined) {
    setError(null);
    if (!file) return setResult(null);
    setFileName(file.name);
    if (file.size > 1024 * 1024) return setResult({ rows: [], fileError: 'The file is larger than 1 MB; split it into smaller files.' });
    setResult(readReadingsCsv(await readText(file), meter, readings, today));
  }

  const valid = result?.rows.filter((r) => r.input) ?? [];
  const invalid = (result?.rows.length ?? 0) - valid.length;

  async function send() {
    if (!result || valid.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await request(AddReadingsDocument, { input: valid.map((r) => ({ meterId: meter.id, readOn: r.input!.readOn, value: r.input!.value })) });
      setResult(null);
      if (input.current) input.current.value = '';
      onImported(valid.length);
    } catch (e) {
      if (e instanceof ApiError && e.errors.some((x) => x.index !== undefined)) {
        const rows = result.rows.map((r) => ({ ...r, errors: [...r.errors] }));
        for (const item of e.errors) {
          const sent = item.index === undefined ? undefined : valid[item.index];
          const row = sent && rows.find((r) => r.line === sent.line);
          if (row) {
            row.errors.push(item.message);
            row.input = null;
          }
        }
        setResult({ ...result, rows });
        setError('The server refused some rows, so nothing was imported. They are marked below.');
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
        <label htmlFor={`${id}-file`}>CSV file of readings</label>
        <input ref={input} id={`${id}-file`} type="file" accept=".csv,text/csv" aria-describedby={id} onChange={(e) => void choose(e.target.files?.[0])} />
        <p className="field__hint" id={id}>
          The first line names the columns <code>date,value</code>; then one reading a line, days written YYYY-MM-DD. At most 1000 at once.
        </p>
      </div>
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
                  <th scope="col">Day</th>
                  <th scope="col" className="num">
                    Reading
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.line} className={r.errors.length ? 'preview__bad' : undefined} data-line={r.line}>
                    <th scope="row">{r.line}</th>
                    <td className="preview__check">
                      {r.errors.length === 0 ? (
                        <span className="ok">OK</span>
                      ) : (
                        <ul className="problems">
                          {r.errors.map((p) => (
                            <li key={p}>{p}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{r.cells.date}</td>
                    <td className="num">{r.cells.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="record-form__actions">
            <button type="button" className="button button--primary" onClick={send} disabled={busy || valid.length === 0}>
              {busy ? 'Importing…' : `Import ${valid.length} ${valid.length === 1 ? 'reading' : 'readings'}`}
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
