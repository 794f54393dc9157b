import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { MeterFieldsFragment } from '../../gql/graphql';
import { ReadingForm } from './ReadingForm';

const TODAY = '2024-03-31';
const meter: MeterFieldsFragment = {
  id: 'm1', type: 'GAS', unit: 'CUBIC_METER', name: 'Gas meter', serialNumber: null, digits: null,
  installedOn: '2024-01-31', removedOn: null, latestReading: null,
};
const readings = [
  { id: 'r1', readOn: '2024-01-31', value: '1000.5' },
  { id: 'r2', readOn: '2024-02-29', value: '1084.25' },
];

function setup(onSave = vi.fn(async () => {})) {
  render(<ReadingForm meter={meter} readings={readings} today={TODAY} onSave={onSave} />);
  return onSave;
}

describe('ReadingForm', () => {
  it('has today filled in and the reading before it beside the field', () => {
    setup();
    expect(screen.getByLabelText('Day')).toHaveValue(TODAY);
    expect(screen.getByTestId('last-reading')).toHaveTextContent('Before: 1,084.25 m³ on');
  });

  it('shows the consumption a value implies before it is saved, and saves it', async () => {
    const onSave = setup();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Reading (m³)'), '1150');
    // 1150 − 1084.25 = 65.75 over 1 to 31 March.
    expect(screen.getByTestId('implied')).toHaveTextContent(/^65\.75 m³ used /);
    await user.click(screen.getByRole('button', { name: 'Save reading' }));
    expect(onSave).toHaveBeenCalledWith({ readOn: TODAY, value: '1150', estimated: false });
    expect(screen.getByLabelText('Reading (m³)')).toHaveValue('');
  });

  it('refuses a lower value on its field without sending it', async () => {
    const onSave = setup();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Reading (m³)'), '999');
    await user.click(screen.getByRole('button', { name: 'Save reading' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Reading (m³)')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/^Lower than the reading of 2024-02-29/)).toBeInTheDocument();
  });

  it("puts the server's error on the field it names", async () => {
    setup(vi.fn(async () => {
      throw new ApiError([{ code: 'CONFLICT', field: 'readOn', message: 'The period from 2024-03-01 to 2024-03-31 would overlap your gas record.' }]);
    }));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Reading (m³)'), '1150');
    await user.click(screen.getByRole('button', { name: 'Save reading' }));
    expect(await screen.findByText(/would overlap your gas record/)).toBeInTheDocument();
    expect(screen.getByLabelText('Day')).toHaveAttribute('aria-invalid', 'true');
  });
});
