import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CsvImport } from './CsvImport';

const TODAY = '2025-06-30';
const CSV = ['type,amount,unit,periodStart,periodEnd,notes', 'GAS,84.5,CUBIC_METER,2025-01-15,2025-02-14,a', 'WATER,x,LITER,2025-01-01,2025-01-31,b', 'ELECTRICITY,3,KWH,2025-01-01,2025-01-31,c'].join('\n');

afterEach(() => vi.unstubAllGlobals());

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

interface Sent {
  query: string;
  variables: { input?: { type: string; periodStart: string }[]; dryRun?: boolean };
}

/** A fetch that answers each request with answer(body), and keeps the bodies. */
function server(answer: (body: Sent) => unknown) {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as Sent;
      sent.push(body);
      return json(answer(body));
    }),
  );
  return sent;
}

const STORED = {
  id: 'r1', type: 'ELECTRICITY', amount: '300', unit: 'KWH', periodStart: '2025-01-20', periodEnd: '2025-02-10', notes: 'old bill', source: 'MANUAL', cost: '80', createdAt: '2025-02-11T00:00:00Z', updatedAt: '2025-02-11T00:00:00Z',
};

async function upload(text: string, name = 'bills.csv') {
  render(<CsvImport today={TODAY} currency="EUR" onImported={onImported} />);
  await userEvent.upload(screen.getByLabelText('CSV file to import'), new File([text], name, { type: 'text/csv' }));
}
const onImported = vi.fn();

describe('CsvImport', () => {
  it('checks the good rows with a dry run, then sends them in one bulk mutation', async () => {
    const sent = server(() => ({ data: { createConsumptionRecords: [{ id: '1' }, { id: '2' }] } }));
    await upload(CSV);

    expect(await screen.findByText(/3 rows in bills.csv: 2 ready, 1 with problems/)).toBeInTheDocument();
    expect(screen.getByText('1 row: amount not a number (row 3)')).toBeInTheDocument();
    expect(screen.getByText('Amount: "x" is not a decimal number; write one like 12.5.')).toBeInTheDocument();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.variables.dryRun).toBe(true);
    await userEvent.click(await screen.findByRole('button', { name: 'Import the 2 good rows' }));

    expect(await screen.findByText('Imported 2 records from bills.csv.')).toBeInTheDocument();
    expect(onImported).toHaveBeenCalledWith(2);
    expect(sent[1]!.query).toMatch(/createConsumptionRecords/);
    expect(sent[1]!.variables.dryRun).toBeUndefined();
    expect(sent[1]!.variables.input!.map((r) => r.type)).toEqual(['GAS', 'ELECTRICITY']);
  });

  it('shows an overlap the dry run finds with the stored record, and leaves that row out', async () => {
    const sent = server((b) => {
      if (b.query.includes('consumptionRecords(')) {
        return { data: { consumptionRecords: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ cursor: 'c', node: STORED }] } } };
      }
      if (b.variables.dryRun) {
        return {
          data: null,
          errors: [{ message: 'This period overlaps your electricity record from 2025-01-20 to 2025-02-10.', extensions: { code: 'CONFLICT', index: 1, field: 'input.1.periodStart', conflictingId: 'r1' } }],
        };
      }
      return { data: { createConsumptionRecords: [{ id: '1' }] } };
    });
    await upload(CSV);

    const row = await screen.findByText(/Overlaps your electricity record of Jan 20 – Feb 10, 2025 \(300 kWh, €80.00, “old bill”\)/);
    expect(row.closest('tr')).toHaveAttribute('data-line', '4');
    expect(screen.getByText('1 row: overlaps a record you already have (row 4)')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import the 1 good row' }));
    await screen.findByText('Imported 1 record from bills.csv.');
    expect(sent.at(-1)!.variables.input!.map((r) => r.type)).toEqual(['GAS']);
  });

  it('reads a utility’s export once the type is chosen, and asks to confirm days that read both ways', async () => {
    const sent = server(() => ({ data: { createConsumptionRecords: [{ id: '1' }] } }));
    await upload('Start date,End date,Usage (kWh),Notes\n01/02/2025,01/03/2025,310,\n02/03/2025,01/04/2025,290,\n', 'export.csv');

    expect(await screen.findByText('Choose the type of consumption the file records.')).toBeInTheDocument();
    expect(screen.getByLabelText('Unit of all amounts')).toHaveValue('KWH');
    expect(screen.getByText('From the header “Usage (kWh)”.')).toBeInTheDocument();
    expect(screen.getByLabelText('First day')).toHaveDisplayValue('Start date');
    await userEvent.selectOptions(screen.getByLabelText('Type of all rows'), 'ELECTRICITY');

    expect(screen.getByRole('radio', { name: 'DD/MM/YYYY (detected)' })).toBeChecked();
    const confirm = screen.getByRole('button', { name: 'Yes, the days are DD/MM/YYYY' });
    expect(await screen.findByText(/2 rows in export.csv: 2 ready/)).toBeInTheDocument();
    const go = screen.getByRole('button', { name: 'Import 2 records' });
    expect(go).toBeDisabled();
    await userEvent.click(confirm);
    expect(go).toBeEnabled();
    await userEvent.click(go);
    await screen.findByText('Imported 2 records from export.csv.');
    expect(sent.at(-1)!.variables.input!.map((r) => r.periodStart)).toEqual(['2025-02-01', '2025-03-02']);
  });

  it('reads the days anew when the person picks another format', async () => {
    server(() => ({ data: { createConsumptionRecords: [] } }));
    await upload('Start date,End date,Usage (kWh),Notes\n01/02/2025,01/03/2025,310,\n', 'electricity.csv');
    await userEvent.click(await screen.findByRole('radio', { name: 'YYYY-MM-DD' }));
    const problems = await screen.findByRole('list', { name: 'Problems in the file' });
    expect(within(problems).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '1 row: first day not a date in YYYY-MM-DD (row 2)',
      '1 row: last day not a date in YYYY-MM-DD (row 2)',
    ]);
  });
});
