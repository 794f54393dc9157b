import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CsvImport } from './CsvImport';

const TODAY = '2025-06-30';
const CSV = ['type,amount,unit,periodStart,periodEnd,notes', 'GAS,84.5,CUBIC_METER,2025-01-15,2025-02-14,a', 'WATER,x,LITER,2025-01-01,2025-01-31,b', 'ELECTRICITY,3,KWH,2025-01-01,2025-01-31,c'].join('\n');

afterEach(() => vi.unstubAllGlobals());

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

describe('CsvImport', () => {
  it('previews every row with its problems and sends the good ones in one bulk mutation', async () => {
    const fetch = vi.fn(async () => json({ data: { createConsumptionRecords: [{ id: '1' }, { id: '2' }] } }));
    vi.stubGlobal('fetch', fetch);
    const onImported = vi.fn();
    render(<CsvImport today={TODAY} onImported={onImported} />);
    await userEvent.upload(screen.getByLabelText('CSV file to import'), new File([CSV], 'bills.csv', { type: 'text/csv' }));

    expect(await screen.findByText(/3 rows in bills.csv: 2 ready, 1 with problems/)).toBeInTheDocument();
    expect(screen.getByText('Amount: "x" is not a decimal number; write one like 12.5.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import the 2 good rows' }));

    expect(await screen.findByText('Imported 2 records from bills.csv.')).toBeInTheDocument();
    expect(onImported).toHaveBeenCalledWith(2);
    const body = JSON.parse((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].body as string);
    expect(body.query).toMatch(/createConsumptionRecords/);
    expect(body.variables.input.map((r: { type: string }) => r.type)).toEqual(['GAS', 'ELECTRICITY']);
  });

  it("marks the row the server's error names by its index among the rows sent", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json({ data: null, errors: [{ message: 'This period overlaps another record.', extensions: { code: 'CONFLICT', index: 1, field: 'periodStart' } }] }),
      ),
    );
    render(<CsvImport today={TODAY} onImported={vi.fn()} />);
    await userEvent.upload(screen.getByLabelText('CSV file to import'), new File([CSV], 'bills.csv', { type: 'text/csv' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Import the 2 good rows' }));

    expect(await screen.findByText(/nothing was imported/)).toBeInTheDocument();
    // Index 1 of the rows sent is the electricity row, on line 4 of the file.
    const row = document.querySelector('tr[data-line="4"]')!;
    expect(row).toHaveTextContent('First day: This period overlaps another record.');
    expect(screen.getByRole('button', { name: 'Import the 1 good row' })).toBeInTheDocument();
  });
});
