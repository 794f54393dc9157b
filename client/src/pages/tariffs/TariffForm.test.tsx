import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import type { TariffFieldsFragment } from '../../gql/graphql';
import { TariffForm, emptyTariff } from './TariffForm';

const stored: TariffFieldsFragment = {
  id: 't1', type: 'ELECTRICITY', name: 'Fixed 2024', validFrom: '2024-01-01', validTo: null,
  unitPrice: '0.25', priceUnit: 'KWH', standingChargePerDay: '0.5', taxRate: '0.21',
};

function setup(onSubmit = vi.fn(async () => {})) {
  render(
    <TariffForm name="Add a tariff" initial={emptyTariff('ELECTRICITY', '2025-01-01')} tariffs={[stored]} currency="EUR"
      submitLabel="Add tariff" busyLabel="Adding…" resetOnSuccess onSubmit={onSubmit} />,
  );
  return onSubmit;
}

describe('TariffForm', () => {
  it('says which tariff the days overlap before sending', async () => {
    const onSubmit = setup();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Variable');
    await user.type(screen.getByLabelText('Price (€) before tax'), '0,3');
    await user.click(screen.getByRole('button', { name: 'Add tariff' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText(/overlap your tariff “Fixed 2024”/)).toBeInTheDocument();
    expect(screen.getByLabelText('First day')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends a tidy draft, the tax as typed in percent', async () => {
    const onSubmit = setup();
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Type'), 'GAS');
    await user.type(screen.getByLabelText('Name'), 'Gas 2025');
    await user.type(screen.getByLabelText('Price (€) before tax'), '0,07');
    await user.selectOptions(screen.getByLabelText('Per'), 'KWH');
    await user.type(screen.getByLabelText('Tax (%)'), '5%');
    await user.click(screen.getByRole('button', { name: 'Add tariff' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ type: 'GAS', unitPrice: '0.07', priceUnit: 'KWH', taxPercent: '5', validTo: '' }));
  });

  it("puts the server's tax error on the tax field", async () => {
    setup(vi.fn(async () => {
      throw new ApiError([{ message: 'The tax rate must be at most 1.', code: 'BAD_USER_INPUT', field: 'taxRate' }]);
    }));
    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Type'), 'WATER');
    await user.type(screen.getByLabelText('Name'), 'Water');
    await user.type(screen.getByLabelText('Price (€) before tax'), '2');
    await user.click(screen.getByRole('button', { name: 'Add tariff' }));
    expect(await screen.findByText('The tax rate must be at most 1.')).toBeInTheDocument();
    expect(screen.getByLabelText('Tax (%)')).toHaveAttribute('aria-invalid', 'true');
  });
});
