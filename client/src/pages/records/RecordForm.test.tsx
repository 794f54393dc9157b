import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { RecordForm, emptyDraft } from './RecordForm';

const TODAY = '2025-06-30';

function setup(onSubmit = vi.fn(async () => {})) {
  render(<RecordForm name="Add a record" initial={emptyDraft()} today={TODAY} submitLabel="Add record" busyLabel="Adding…" resetOnSuccess onSubmit={onSubmit} />);
  return onSubmit;
}

async function fill(amount: string, start: string, end: string) {
  const user = userEvent.setup();
  await user.clear(screen.getByLabelText('Amount'));
  await user.type(screen.getByLabelText('Amount'), amount);
  // Date inputs take their value whole.
  await user.clear(screen.getByLabelText('First day'));
  await user.type(screen.getByLabelText('First day'), start);
  await user.clear(screen.getByLabelText('Last day'));
  await user.type(screen.getByLabelText('Last day'), end);
  await user.click(screen.getByRole('button', { name: 'Add record' }));
}

describe('RecordForm', () => {
  it("shows the server's rules on the fields before sending", async () => {
    const onSubmit = setup();
    await fill('1.1234567', '2025-02-01', '2025-01-01');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Amount')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('The amount may have at most 6 decimal places.')).toBeInTheDocument();
    expect(screen.getByText('The period must end on or after the day it starts.')).toBeInTheDocument();
    expect(screen.getByLabelText('First day')).toHaveAttribute('aria-invalid', 'false');
  });

  it('offers only the units of the chosen type', async () => {
    setup();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Type'), 'WATER');
    const units = Array.from((screen.getByLabelText('Unit') as HTMLSelectElement).options).map((o) => o.value);
    expect(units).toEqual(['CUBIC_METER', 'LITER']);
    expect(screen.getByLabelText('Unit')).toHaveValue('CUBIC_METER');
  });

  it('sends a tidy record and clears the form for the next one', async () => {
    const onSubmit = setup();
    await fill('12,5', '2025-01-01', '2025-01-31');
    expect(onSubmit).toHaveBeenCalledWith({ type: 'ELECTRICITY', amount: '12.5', unit: 'KWH', periodStart: '2025-01-01', periodEnd: '2025-01-31', notes: '', cost: '' });
    expect(await screen.findByLabelText('Amount')).toHaveValue('');
  });

  it('takes the cost a bill states, tidied, and checks it by the rules of amounts', async () => {
    const onSubmit = setup();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Cost, optional'), '-3');
    await fill('12', '2025-01-01', '2025-01-31');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('The cost must not be negative.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Cost, optional'));
    await user.type(screen.getByLabelText('Cost, optional'), '84,12');
    await user.click(screen.getByRole('button', { name: 'Add record' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ amount: '12', cost: '84.12' }));
  });

  it("puts the server's answers on their fields, a conflict on the period", async () => {
    setup(
      vi.fn(async () => {
        throw new ApiError([
          { message: 'This period overlaps your electricity record of 2025-01-01 to 2025-01-31.', code: 'CONFLICT', conflictingId: 'r1' },
          { message: 'Notes may be at most 500 characters long.', code: 'BAD_USER_INPUT', field: 'notes' },
        ]);
      }),
    );
    await fill('5', '2025-01-10', '2025-01-12');
    expect(await screen.findByText(/overlaps your electricity record/)).toBeInTheDocument();
    expect(screen.getByLabelText('First day')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Notes (optional)')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Amount')).toHaveValue('5');
  });
});
