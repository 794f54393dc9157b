// Tariffs: what each type of consumption costs from one day to another.
// Add one; per type, a timeline of prices with the days that have none, and
// each tariff edited, closed (given a last day) or deleted in place. Costs
// are computed from them whenever the dashboard asks, so a change here
// shows there at once.

import { useState } from 'react';
import { describeError, request } from '../../api/client';
import { CreateTariffDocument, DeleteTariffDocument, TariffsDocument, UpdateTariffDocument } from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { useAccount } from '../../components/Account';
import { InputField } from '../../components/Field';
import { Empty, ErrorMessage, Loading, Notice, useNotice } from '../../components/Status';
import type { ConsumptionType, TariffFieldsFragment } from '../../gql/graphql';
import { addDays, formatDate } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import { rateToPercent, tariffDraft, tariffInput, timeline } from '../../lib/tariffs';
import { TYPE_COLOR_VAR } from '../../lib/theme';
import { TYPES, TYPE_LABEL, UNIT_LABEL } from '../../lib/units';
import { TariffForm, emptyTariff } from './TariffForm';

export function TariffsPage() {
  const { me, today } = useAccount();
  const currency = me?.currency ?? 'EUR';
  const { data, error, loading, reload } = useQuery(TariffsDocument, {});
  const { notice, act, clear } = useNotice();
  const tariffs = data?.tariffs ?? [];

  /** Runs a change to the tariffs, then shows its message and the tariffs again. */
  function change(run: () => Promise<unknown>, message: string) {
    return act(async () => {
      await run();
      reload();
      return message;
    });
  }

  return (
    <>
      <div className="page__head">
        <h1>Tariffs</h1>
        <p className="page__sub">
          Prices in {currency}, per type and over days. A bill’s own cost wins over them for its days; days without a record or a price have no
          known cost.
        </p>
      </div>

      {/* A form sent, even one refused before it leaves, ends the last message. */}
      <section className="panel" aria-labelledby="add-tariff-title" onSubmitCapture={clear}>
        <h2 id="add-tariff-title">Add a tariff</h2>
        <TariffForm
          name="Add a tariff"
          initial={emptyTariff('ELECTRICITY', today)}
          tariffs={tariffs}
          currency={currency}
          submitLabel="Add tariff"
          busyLabel="Adding…"
          resetOnSuccess
          onSubmit={(d) => change(() => request(CreateTariffDocument, { input: tariffInput(d) }), `Added the ${TYPE_LABEL[d.type].toLowerCase()} tariff “${d.name.trim()}”.`)}
        />
      </section>

      <div aria-live="polite" className="live">
        {notice && <Notice tone="success">{notice}</Notice>}
      </div>
      {error ? <ErrorMessage error={error} onRetry={reload} /> : null}
      {!data && loading && <Loading>Loading your tariffs…</Loading>}
      {data && tariffs.length === 0 && (
        <Empty title="No tariffs yet">
          <p>Add one above, and the dashboard shows what your consumption cost.</p>
        </Empty>
      )}
      {TYPES.map((t) => {
        const mine = tariffs.filter((x) => x.type === t);
        return mine.length === 0 ? null : (
          <TypeTariffs key={t} type={t} tariffs={mine} all={tariffs} currency={currency} today={today} onChange={change} />
        );
      })}
    </>
  );
}

interface TypeProps {
  type: ConsumptionType;
  tariffs: TariffFieldsFragment[];
  all: TariffFieldsFragment[];
  currency: string;
  today: string;
  /** Runs a change to a tariff; its message shows when it succeeds. */
  onChange: (run: () => Promise<unknown>, message: string) => Promise<void>;
}

function TypeTariffs({ type, tariffs, all, currency, today, onChange }: TypeProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const [closing, setClosing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [closeDay, setCloseDay] = useState(today);
  const label = TYPE_LABEL[type];

  async function act(id: string, run: () => Promise<void>) {
    setBusy(id);
    setRowError(null);
    try {
      await run();
    } catch (e) {
      setRowError({ id, message: describeError(e) });
    } finally {
      setBusy(null);
    }
  }

  const price = (t: TariffFieldsFragment) => `${formatMoney(t.unitPrice, currency)} per ${UNIT_LABEL[t.priceUnit]}`;
  return (
    <section className="panel" aria-labelledby={`tariffs-${type}`} data-testid={`tariffs-${type}`}>
      <h2 id={`tariffs-${type}`}>{label}</h2>
      <Timeline tariffs={tariffs} until={addDays(today, 365)} color={TYPE_COLOR_VAR[type]} price={price} />
      <div className="table-scroll">
        <table className="records tariffs">
          <caption className="visually-hidden">{label} tariffs, earliest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                A day
              </th>
              <th scope="col" className="num">
                Tax
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tariffs.map((t) =>
              editing === t.id ? (
                <tr key={t.id} className="records__editing">
                  <td colSpan={7}>
                    <TariffForm
                      name={`Edit tariff ${t.name}`}
                      initial={tariffDraft(t)}
                      tariffs={all}
                      self={t.id}
                      currency={currency}
                      submitLabel="Save"
                      busyLabel="Saving…"
                      onSubmit={(d) =>
                        onChange(async () => {
                          await request(UpdateTariffDocument, { id: t.id, input: tariffInput(d) });
                          setEditing(null);
                        }, `Saved the tariff “${d.name.trim()}”.`)
                      }
                      onCancel={() => setEditing(null)}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={t.id} data-id={t.id}>
                  <th scope="row">{t.name}</th>
                  <td data-label="From">{formatDate(t.validFrom)}</td>
                  <td data-label="To">{t.validTo ? formatDate(t.validTo) : <span className="muted">no end</span>}</td>
                  <td data-label="Price" className="num">
                    {price(t)}
                  </td>
                  <td data-label="A day" className="num">
                    {formatMoney(t.standingChargePerDay, currency)}
                  </td>
                  <td data-label="Tax" className="num">
                    {rateToPercent(t.taxRate)}%
                  </td>
                  <td className="records__actions">
                    {closing === t.id ? (
                      <form
                        className="confirm"
                        aria-label={`Close tariff ${t.name}`}
                        onSubmit={(e) => {
                          e.preventDefault();
                          void act(t.id, () =>
                            onChange(async () => {
                              await request(UpdateTariffDocument, { id: t.id, input: { validTo: closeDay } });
                              setClosing(null);
                            }, `Closed “${t.name}” on ${formatDate(closeDay)}.`),
                          );
                        }}
                      >
                        <InputField label="Last day" type="date" min={t.validFrom} value={closeDay} onChange={(e) => setCloseDay(e.target.value)} />
                        <button type="submit" className="button button--small button--primary" disabled={busy === t.id}>
                          {busy === t.id ? 'Closing…' : 'Close'}
                        </button>
                        <button type="button" className="button button--small" onClick={() => setClosing(null)}>
                          Cancel
                        </button>
                      </form>
                    ) : confirming === t.id ? (
                      <div className="confirm" role="group" aria-label="Confirm deletion">
                        <span>Delete this tariff?</span>
                        <button
                          type="button"
                          className="button button--danger button--small"
                          disabled={busy === t.id}
                          onClick={() =>
                            void act(t.id, () =>
                              onChange(async () => {
                                await request(DeleteTariffDocument, { id: t.id });
                                setConfirming(null);
                              }, `Deleted the tariff “${t.name}”.`),
                            )
                          }
                        >
                          {busy === t.id ? 'Deleting…' : 'Yes, delete'}
                        </button>
                        <button type="button" className="button button--small" onClick={() => setConfirming(null)} autoFocus>
                          Keep
                        </button>
                      </div>
                    ) : (
                      <>
                        <button type="button" className="button button--small" onClick={() => { setEditing(t.id); setClosing(null); setConfirming(null); }}>
                          Edit<span className="visually-hidden"> tariff {t.name}</span>
                        </button>
                        {!t.validTo && (
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => { setClosing(t.id); setCloseDay(today < t.validFrom ? t.validFrom : today); setConfirming(null); }}
                          >
                            Close<span className="visually-hidden"> tariff {t.name}</span>
                          </button>
                        )}
                        <button type="button" className="button button--small button--ghost-danger" onClick={() => { setConfirming(t.id); setClosing(null); }}>
                          Delete<span className="visually-hidden"> tariff {t.name}</span>
                        </button>
                      </>
                    )}
                    {rowError?.id === t.id && (
                      <p className="field__error" role="alert">
                        {rowError.message}
                      </p>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The prices of one type along the days: a bar per tariff, and hatched gaps where days have no price. */
function Timeline({ tariffs, until, color, price }: { tariffs: TariffFieldsFragment[]; until: string; color: string; price: (t: TariffFieldsFragment) => string }) {
  const spans = timeline(tariffs, until);
  return (
    <ol className="timeline" aria-label="Prices over time">
      {spans.map((s) => (
        <li
          key={`${s.from}-${s.tariff?.id ?? 'gap'}`}
          className={`timeline__span${s.tariff ? '' : ' timeline__span--gap'}${s.openEnded ? ' timeline__span--open' : ''}`}
          style={{ left: `${s.left}%`, width: `${s.width}%`, ...(s.tariff ? { background: color } : {}) }}
          title={s.tariff ? `${s.tariff.name}: ${price(s.tariff)}` : 'No price'}
        >
          <span className="visually-hidden">
            {formatDate(s.from)} to {s.openEnded ? 'no end' : formatDate(s.to)}: {s.tariff ? `${s.tariff.name}, ${price(s.tariff)}` : 'no price'}
          </span>
          {s.tariff && (
            <span className="timeline__label" aria-hidden="true">
              {price(s.tariff)}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
