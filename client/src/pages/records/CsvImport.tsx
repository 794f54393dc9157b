// Importing records from a CSV file: read it in the browser with the
// columns, unit and date format guessed (the person may change each), check
// every row by the server's rules, then the whole file against the stored
// records with a dry run (createConsumptionRecords(dryRun: true): nothing
// written, every overlap reported), and write the good rows in as few
// requests as the server's limits allow.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError, describeError, request } from '../../api/client';
import { CreateRecordsDocument, RecordsDocument } from '../../api/documents';
import { Loading, Notice } from '../../components/Status';
import type { CreateConsumptionRecordInput, RecordFieldsFragment, RecordsQuery } from '../../gql/graphql';
import { detectDateFormat } from '../../lib/dateFormats';
import { download } from '../../lib/download';
import { readText } from '../../lib/files';
import {
  chunk,
  guessSettings,
  missingSettings,
  readRows,
  readTable,
  serverProblems,
  writeRecordsCsv,
  type CsvTable,
  type ImportRow,
  type ImportSettings,
  type Problem,
} from '../../lib/recordCsv';
import { count } from '../../lib/words';
import { ImportOptions } from './ImportOptions';
import { ImportPreview } from './ImportPreview';

/** What the dry run said about one set of rows. */
interface Check {
  key: string;
  problems: Map<number, Problem[]>;
  existing: Map<string, RecordFieldsFragment>;
}

const toSend = (rows: readonly ImportRow[]): CreateConsumptionRecordInput[] => rows.map((r) => ({ ...r.input!, source: 'IMPORT' as const }));

/**
 * Checks rows with the server, in requests it takes, and fetches the
 * stored records they overlap. Errors that name no row are thrown.
 */
async function dryRun(rows: readonly ImportRow[], signal: AbortSignal): Promise<Omit<Check, 'key'>> {
  const problems = new Map<number, Problem[]>();
  for (const part of chunk(rows)) {
    try {
      await request(CreateRecordsDocument, { input: toSend(part), dryRun: true }, { signal });
    } catch (e) {
      if (!(e instanceof ApiError) || e.errors.every((x) => x.index === undefined)) throw e;
      for (const [line, list] of serverProblems(e.errors, part)) problems.set(line, list);
    }
  }
  const ids = new Set([...problems.values()].flat().flatMap((p) => (p.conflictingId ? [p.conflictingId] : [])));
  const existing = new Map<string, RecordFieldsFragment>();
  if (ids.size > 0) {
    const overlapping = rows.filter((r) => problems.get(r.line)?.some((p) => p.conflictingId));
    const filter = {
      types: [...new Set(overlapping.map((r) => r.input!.type))],
      from: overlapping.reduce((m, r) => (r.input!.periodStart < m ? r.input!.periodStart : m), overlapping[0]!.input!.periodStart),
      to: overlapping.reduce((m, r) => (r.input!.periodEnd > m ? r.input!.periodEnd : m), overlapping[0]!.input!.periodEnd),
    };
    let after: string | null = null;
    // The records over the rows' days; a few pages at most, as records of one type never overlap.
    for (let page = 0; page < 20 && existing.size < ids.size; page++) {
      const res: RecordsQuery = await request(RecordsDocument, { filter, first: 500, after }, { signal });
      for (const { node } of res.consumptionRecords.edges) if (ids.has(node.id)) existing.set(node.id, node);
      if (!res.consumptionRecords.pageInfo.hasNextPage) break;
      after = res.consumptionRecords.pageInfo.endCursor ?? null;
    }
  }
  return { problems, existing };
}

/** The rows with the dry run's problems added: a row with any is not sent. */
function withCheck(rows: readonly ImportRow[], check: Check | null): ImportRow[] {
  if (!check || check.problems.size === 0) return [...rows];
  return rows.map((r) => {
    const more = check.problems.get(r.line);
    return more ? { ...r, input: null, problems: [...r.problems, ...more] } : r;
  });
}

export function CsvImport({ today, currency, onImported }: { today: string; currency: string; onImported: (count: number) => void }) {
  const [fileName, setFileName] = useState('');
  const [table, setTable] = useState<CsvTable | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [settings, setSettings] = useState<ImportSettings | null>(null);
  const [unitGuess, setUnitGuess] = useState<{ unit: ImportSettings['unit']; from: string | null }>({ unit: null, from: null });
  const [check, setCheck] = useState<Check | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();

  function reset() {
    setTable(null);
    setSettings(null);
    setCheck(null);
    setCheckError(null);
    setFileError(null);
    setError(null);
  }

  async function choose(file: File | undefined) {
    setDone(null);
    reset();
    if (!file) return;
    setFileName(file.name);
    if (file.size > 5 * 1024 * 1024) {
      setFileError('The file is larger than 5 MB; split it into smaller files.');
      return;
    }
    const read = readTable(await readText(file));
    setFileError(read.fileError);
    if (!read.table) return;
    const guess = guessSettings(read.table.header, file.name);
    setTable(read.table);
    setSettings(guess.settings);
    setUnitGuess({ unit: guess.settings.unit, from: guess.unitFrom });
  }

  const guess = useMemo(() => {
    if (!table || !settings) return null;
    const { periodStart: s, periodEnd: e } = settings.columns;
    return detectDateFormat(table.rows.map((r) => [s === undefined ? '' : (r.fields[s] ?? ''), e === undefined ? '' : (r.fields[e] ?? '')] as const));
  }, [table, settings?.columns]);
  const format = settings?.dateFormat ?? guess?.format ?? 'YMD';
  const missing = settings ? missingSettings(settings) : [];
  const rows = useMemo(
    () => (table && settings && missingSettings(settings).length === 0 ? readRows(table, settings, format, { today, currency }) : []),
    [table, settings, format, today, currency],
  );
  const sendable = useMemo(() => rows.filter((r) => r.input), [rows]);
  const key = useMemo(() => JSON.stringify(toSend(sendable)), [sendable]);
  const checked = check?.key === key;
  const shown = useMemo(() => withCheck(rows, checked ? check : null), [rows, check, checked]);
  const ready = shown.filter((r) => r.input);
  const dateConfirmed = !guess?.ambiguous || settings?.dateFormat != null;

  // Check the rows with the server whenever what would be sent changes (not
  // when settings change to the same rows), a moment after the person stops
  // changing the settings.
  const latest = useRef(sendable);
  latest.current = sendable;
  useEffect(() => {
    const sendable = latest.current;
    if (sendable.length === 0) return;
    const ctrl = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      setCheckError(null);
      dryRun(sendable, ctrl.signal)
        .then((c) => setCheck({ key, ...c }))
        .catch((e: unknown) => {
          if (!ctrl.signal.aborted) setCheckError(describeError(e));
        })
        .finally(() => {
          if (!ctrl.signal.aborted) setPending(false);
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key, nonce]);

  async function send() {
    if (!table || ready.length === 0) return;
    setBusy(true);
    setError(null);
    const written = new Set<number>();
    let failure: string | null = null;
    for (const part of chunk(ready)) {
      try {
        await request(CreateRecordsDocument, { input: toSend(part) });
        for (const r of part) written.add(r.line);
      } catch (e) {
        if (e instanceof ApiError && e.errors.some((x) => x.index !== undefined)) {
          // Something changed since the check: show the refusal on its rows.
          const rest = sendable.filter((r) => !written.has(r.line));
          setCheck({ key: JSON.stringify(toSend(rest)), problems: serverProblems(e.errors, part), existing: check?.existing ?? new Map() });
          failure = 'The server refused some rows; they are marked below.';
        } else {
          failure = describeError(e);
        }
        break;
      }
    }
    setBusy(false);
    if (failure === null) {
      setDone(`Imported ${count(written.size, 'record')} from ${fileName}.`);
      reset();
      if (input.current) input.current.value = '';
      onImported(written.size);
    } else if (written.size > 0) {
      // Those written are in the list now; leave the others to fix or import.
      setTable({ ...table, rows: table.rows.filter((r) => !written.has(r.line)) });
      setError(`Imported ${count(written.size, 'record')} of ${ready.length}; the others were not. ${failure}`);
      onImported(written.size);
    } else {
      setError(`Nothing was imported. ${failure}`);
    }
  }

  const checking = sendable.length > 0 && (pending || !checked) && !checkError;
  const blocked = missing.length > 0 ? 'Choose what is missing above first.' : !dateConfirmed ? 'Confirm the date format above first.' : null;

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
          A utility’s export works as it is: the first line names the columns, and you can say which holds what. Days may be DD/MM/YYYY,
          MM/DD/YYYY or YYYY-MM-DD; a cost column is in your currency ({currency}). Nothing is written until you import.{' '}
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
      {fileError && (
        <div className="alert alert--error" role="alert">
          <p>{fileError}</p>
        </div>
      )}
      {table && settings && guess && (
        <>
          <ImportOptions table={table} settings={settings} onChange={setSettings} guess={guess} unitFrom={settings.unit === unitGuess.unit ? unitGuess.from : null} />
          {missing.length > 0 && (
            <div className="alert alert--info" role="status">
              <p>{missing.join(' ')}</p>
            </div>
          )}
          {rows.length > 0 && (
            <div aria-live="polite" className="live">
              {checking && !checked ? (
                <Loading>Checking {count(sendable.length, 'row')} against your records…</Loading>
              ) : (
                <ImportPreview fileName={fileName} rows={shown} existing={checked ? check.existing : new Map()} currency={currency} />
              )}
            </div>
          )}
          {checkError && (
            <div className="alert alert--error" role="alert">
              <p>The file could not be checked against your records: {checkError}</p>
              <button type="button" className="button button--small" onClick={() => setNonce((n) => n + 1)}>
                Try again
              </button>
            </div>
          )}
          {error && (
            <div className="alert alert--error" role="alert">
              <p>{error}</p>
            </div>
          )}
          <div className="record-form__actions">
            <button
              type="button"
              className="button button--primary"
              onClick={send}
              disabled={busy || checking || !checked || ready.length === 0 || blocked !== null}
              aria-describedby={blocked ? `${hintId}-blocked` : undefined}
            >
              {busy
                ? 'Importing…'
                : ready.length < rows.length
                  ? `Import the ${count(ready.length, 'good row')}`
                  : `Import ${count(ready.length, 'record')}`}
            </button>
            {checked && (
              <button type="button" className="button" onClick={() => setNonce((n) => n + 1)} disabled={busy}>
                Check again
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                reset();
                if (input.current) input.current.value = '';
              }}
            >
              Cancel
            </button>
            {blocked && (
              <p className="field__hint" id={`${hintId}-blocked`}>
                {blocked}
              </p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
