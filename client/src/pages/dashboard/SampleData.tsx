// Sample data on the dashboard: the offer to load it on an empty account's
// empty state, and a banner to remove it while it is there.

import { useState } from 'react';
import { describeError, request } from '../../api/client';
import { LoadSampleDataDocument, RemoveSampleDataDocument, SampleDataStateDocument } from '../../api/documents';
import { useQuery } from '../../api/hooks';
import { ErrorMessage, Notice, useNotice } from '../../components/Status';
import { PRESENT_TEXT, SAMPLE_CONTENTS, removedText, sampleOffer, type SampleOffer } from '../../lib/sample';

export interface SampleData {
  offer: SampleOffer;
  busy: 'load' | 'remove' | null;
  error: string | null;
  /** What the last removal did, until the next action. */
  notice: string | null;
  load: () => Promise<void>;
  remove: () => Promise<void>;
}

/**
 * Whether the account may take sample data or holds some, and the actions
 * that load and remove it; onChange reads the page's figures again after
 * either.
 */
export function useSampleData(enabled: boolean, onChange: () => void): SampleData {
  const state = useQuery(SampleDataStateDocument, {}, { skip: !enabled });
  const { notice, act } = useNotice();
  const [busy, setBusy] = useState<SampleData['busy']>(null);
  const [error, setError] = useState<string | null>(null);

  function run(kind: 'load' | 'remove', send: () => Promise<string | void>) {
    setBusy(kind);
    setError(null);
    return act(async () => {
      try {
        const text = await send();
        onChange();
        return text;
      } catch (e) {
        setError(describeError(e));
      } finally {
        state.reload();
        setBusy(null);
      }
    });
  }

  return {
    offer: sampleOffer(state.data),
    busy,
    error,
    notice,
    load: () =>
      run('load', async () => {
        await request(LoadSampleDataDocument, {});
      }),
    remove: () => run('remove', async () => removedText((await request(RemoveSampleDataDocument, {})).removeSampleData)),
  };
}

/** The offer on an empty account's empty state. */
export function SampleDataOffer({ sample }: { sample: SampleData }) {
  if (sample.offer !== 'load') return null;
  return (
    <div className="sample-offer" data-testid="sample-offer">
      <p>Or see the dashboard at work first. {SAMPLE_CONTENTS} You can remove it in one click.</p>
      <button type="button" className="button button--primary" disabled={sample.busy !== null} onClick={() => void sample.load()}>
        {sample.busy === 'load' ? 'Loading sample data…' : 'Try it with sample data'}
      </button>
    </div>
  );
}

/**
 * What the last action said: the removal's count, or why loading or
 * removing failed (the offer or the banner may be gone by then).
 */
export function SampleDataStatus({ sample }: { sample: SampleData }) {
  return (
    <>
      {sample.notice && <Notice tone="success">{sample.notice}</Notice>}
      <ErrorMessage error={sample.error} />
    </>
  );
}

/** The banner while sample data is there. */
export function SampleDataBanner({ sample }: { sample: SampleData }) {
  if (sample.offer !== 'remove') return null;
  return (
    <section className="alert alert--info sample-banner" aria-label="Sample data" data-testid="sample-banner">
      <p>{PRESENT_TEXT}</p>
      <button type="button" className="button button--small" disabled={sample.busy !== null} onClick={() => void sample.remove()}>
        {sample.busy === 'remove' ? 'Removing sample data…' : 'Remove sample data'}
      </button>
    </section>
  );
}
