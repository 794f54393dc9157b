// The meters: add one, then for the meter chosen (in the address, so that
// it can be bookmarked) enter readings, see the consumption between them as
// a chart and a table, edit and delete readings, and import them from a
// CSV file. The consumption between readings is the server's: it becomes
// records (source METER) that every figure of the dashboard counts.

import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { describeError, request } from '../../api/client';
import {
  AddReadingDocument,
  CreateMeterDocument,
  DeleteMeterDocument,
  DeleteReadingDocument,
  MeterReadingsDocument,
  MetersDocument,
  UpdateReadingDocument,
} from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { useAccount } from '../../components/Account';
import { SelectField } from '../../components/Field';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/Status';
import type { MeterFieldsFragment, ReadingFieldsFragment } from '../../gql/graphql';
import { formatDate } from '../../lib/dates';
import { formatDecimal } from '../../lib/decimal';
import { TYPE_LABEL, UNIT_LABEL } from '../../lib/units';
import { MeterChart } from './MeterChart';
import { MeterForm } from './MeterForm';
import { ReadingForm } from './ReadingForm';
import { ReadingsImport } from './ReadingsImport';
import { ReadingsTable } from './ReadingsTable';

/**
 * The most readings the page shows at once: ten years of monthly readings,
 * or more than a year of daily ones, within the server's price of a request.
 */
const PAGE = 500;

function meterLabel(m: MeterFieldsFragment): string {
  return `${m.name} (${TYPE_LABEL[m.type].toLowerCase()}${m.removedOn ? `, removed ${formatDate(m.removedOn)}` : ''})`;
}

export function MetersPage() {
  const { today } = useAccount();
  const [params, setParams] = useSearchParams();
  const [message, setMessage] = useState<string | null>(null);
  const meters = useQuery(MetersDocument, {});
  const list = meters.data?.meters ?? [];
  const chosen = list.find((m) => m.id === params.get('meter')) ?? list.find((m) => !m.removedOn) ?? list[0];

  function choose(id: string) {
    const next = new URLSearchParams(params);
    next.set('meter', id);
    setParams(next);
    setMessage(null);
  }

  return (
    <>
      <div className="page__head">
        <h1>Meters</h1>
        <p className="page__sub">Read a meter now and then; the use between readings counts like a bill.</p>
      </div>
      <div aria-live="polite" className="live">
        {message && <Notice tone="success">{message}</Notice>}
      </div>
      {meters.error ? <ErrorMessage error={meters.error} onRetry={meters.reload} /> : null}
      {!meters.data && meters.loading && <Loading>Loading your meters…</Loading>}

      {list.length > 1 && chosen && (
        <form className="controls" aria-label="Choose a meter" onSubmit={(e) => e.preventDefault()}>
          <SelectField label="Meter" value={chosen.id} onChange={(e) => choose(e.target.value)}>
            {list.map((m) => (
              <option key={m.id} value={m.id}>
                {meterLabel(m)}
              </option>
            ))}
          </SelectField>
        </form>
      )}

      {chosen && (
        <MeterPanel
          key={chosen.id}
          meter={chosen}
          today={today}
          onChanged={(text) => {
            setMessage(text);
            meters.reload();
          }}
        />
      )}

      {meters.data && list.length === 0 && (
        <Empty title="No meters yet">
          <p>Add the meter you read below: its type, a name, and the day it was installed with its reading then.</p>
        </Empty>
      )}

      <details className="panel panel--details" open={meters.data !== undefined && list.length === 0}>
        <summary>
          <h2>Add a meter</h2>
        </summary>
        <MeterForm
          today={today}
          onCreated={async (input) => {
            const { createMeter } = await request(CreateMeterDocument, { input });
            choose(createMeter.id);
            setMessage(`Added the meter ${createMeter.name}.`);
            meters.reload();
          }}
        />
      </details>
    </>
  );
}

function MeterPanel({ meter, today, onChanged }: { meter: MeterFieldsFragment; today: string; onChanged: (message: string) => void }) {
  const { data, error, loading, reload } = useQuery(MeterReadingsDocument, { id: meter.id, first: PAGE });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const readings: ReadingFieldsFragment[] = data?.meter?.readings.edges.map((e) => e.node) ?? [];
  const total = data?.meter?.readings.totalCount ?? 0;
  const unit = UNIT_LABEL[meter.unit];

  function changed(text: string) {
    reload();
    onChanged(text);
  }

  return (
    <>
      <section className="panel" aria-labelledby="read-title">
        <div className="panel__head">
          <h2 id="read-title">{meter.name}</h2>
          <span className={`tag tag--${meter.type.toLowerCase()}`}>
            {TYPE_LABEL[meter.type]}, {unit}
          </span>
        </div>
        <p className="page__sub">
          Installed {formatDate(meter.installedOn)}
          {meter.removedOn && `, removed ${formatDate(meter.removedOn)}`}
          {meter.digits != null && `; the register rolls over after ${meter.digits} digits`}
          {meter.serialNumber && `; number ${meter.serialNumber}`}.
        </p>
        {!data && loading ? (
          <Loading>Loading the readings…</Loading>
        ) : (
          <ReadingForm
            meter={meter}
            readings={readings}
            today={today}
            onSave={async (d) => {
              const { addMeterReading: r } = await request(AddReadingDocument, {
                input: { meterId: meter.id, readOn: d.readOn, value: d.value, estimated: d.estimated },
              });
              changed(
                r.period
                  ? `Saved: ${formatDecimal(r.period.amount, 6)} ${unit} used since the reading before.`
                  : `Saved the reading of ${formatDate(r.readOn)}.`,
              );
            }}
          />
        )}
      </section>

      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {readings.length > 1 && (
        <section className="panel" aria-labelledby="chart-title">
          <h2 id="chart-title">Use between readings</h2>
          <MeterChart meter={meter} readings={readings} />
        </section>
      )}

      <section className="panel" aria-labelledby="readings-title">
        <h2 id="readings-title">Readings</h2>
        {total > readings.length && (
          <p className="page__sub">
            The latest {readings.length} of {total} readings.
          </p>
        )}
        {data && readings.length === 0 && <Empty title="No readings yet" />}
        {readings.length > 0 && (
          <div aria-busy={loading} className={loading ? 'is-refreshing' : undefined}>
            <ReadingsTable
              meter={meter}
              readings={readings}
              today={today}
              onUpdate={async (id, d) => {
                await request(UpdateReadingDocument, { id, input: { readOn: d.readOn, value: d.value } });
                changed('Saved the reading.');
              }}
              onDelete={async (id) => {
                await request(DeleteReadingDocument, { id });
                changed('Deleted the reading.');
              }}
            />
          </div>
        )}
      </section>

      <details className="panel panel--details">
        <summary>
          <h2>Import readings from a CSV file</h2>
        </summary>
        <ReadingsImport meter={meter} readings={readings} today={today} onImported={(n) => changed(`Imported ${n} ${n === 1 ? 'reading' : 'readings'}.`)} />
      </details>

      <details className="panel panel--details">
        <summary>
          <h2>Delete this meter</h2>
        </summary>
        <p>Deleting {meter.name} deletes its readings and the use recorded between them.</p>
        {deleteError && <ErrorMessage error={deleteError} />}
        {confirmDelete ? (
          <div className="confirm" role="group" aria-label="Confirm deletion">
            <button
              type="button"
              className="button button--danger"
              onClick={async () => {
                try {
                  await request(DeleteMeterDocument, { id: meter.id });
                  onChanged(`Deleted the meter ${meter.name}.`);
                } catch (e) {
                  setDeleteError(describeError(e));
                }
              }}
            >
              Yes, delete {meter.name}
            </button>
            <button type="button" className="button" onClick={() => setConfirmDelete(false)} autoFocus>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" className="button button--ghost-danger" onClick={() => setConfirmDelete(true)}>
            Delete meter
          </button>
        )}
      </details>
    </>
  );
}
