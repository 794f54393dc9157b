import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeSignal, readsRecords, recordChanges } from './changes';
import { DashboardDocument, MeDocument, RecordsDocument, TariffsDocument, YearEarlierSeriesDocument } from './documents';
import { useQuery } from './hooks';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('ChangeSignal', () => {
  it('tells once per window, however many changes come in it', () => {
    vi.useFakeTimers();
    const signal = new ChangeSignal(300);
    const heard = vi.fn();
    signal.subscribe(heard);

    for (let i = 0; i < 1000; i++) signal.changed();
    expect(heard).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(heard).toHaveBeenCalledTimes(1);

    signal.changed();
    vi.advanceTimersByTime(300);
    expect(heard).toHaveBeenCalledTimes(2);
  });

  it('tells no listener that has left', () => {
    vi.useFakeTimers();
    const signal = new ChangeSignal(300);
    const heard = vi.fn();
    const leave = signal.subscribe(heard);
    leave();
    signal.changed();
    vi.advanceTimersByTime(300);
    expect(heard).not.toHaveBeenCalled();
  });
});

describe('readsRecords', () => {
  it.each([
    ['the records list', RecordsDocument, true],
    ['the dashboard', DashboardDocument, true],
    ['the year-earlier overlay', YearEarlierSeriesDocument, true],
    ['the account', MeDocument, false],
    ['the tariffs', TariffsDocument, false],
  ])('says whether %s reads records', (_name, doc, want) => {
    expect(readsRecords(doc)).toBe(want);
  });
});

describe('useQuery', () => {
  it('runs a query of records again when they change elsewhere, and not a query of something else', async () => {
    const sent: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        const { query } = JSON.parse(init.body as string) as { query: string };
        sent.push(/query (\w+)/.exec(query)![1]!);
        return new Response(JSON.stringify({ data: {} }), { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    renderHook(() => {
      useQuery(RecordsDocument, {});
      useQuery(TariffsDocument, {});
    });
    await waitFor(() => expect(sent.sort()).toEqual(['Records', 'Tariffs']));

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    act(() => {
      recordChanges.changed();
      vi.advanceTimersByTime(1000);
    });
    vi.useRealTimers();
    await waitFor(() => expect(sent.sort()).toEqual(['Records', 'Records', 'Tariffs']));
  });
});
