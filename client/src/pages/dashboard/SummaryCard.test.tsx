import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SummaryCard, type TypeSummary } from './SummaryCard';

const summary: TypeSummary = {
  type: 'GAS',
  unit: 'CUBIC_METER',
  total: '84.500000',
  recordCount: 1,
  dailyAverage: '0.938889',
  monthlyAverage: '28.166667',
  coverage: 1,
  previousPeriodTotal: '112.666667',
  previousYearTotal: '0',
  previousPeriodCoverage: 1,
  previousYearCoverage: 0,
  changeFromPreviousPeriod: '-0.25',
  changeFromPreviousYear: null,
  currency: 'EUR',
  cost: '62.4',
  costCoverage: 1,
  previousPeriodCost: '80',
  previousYearCost: null,
};

// 90 days: compared with 3 October – 31 December 2024, and with the first
// quarter of 2024.
const range = { from: '2025-01-01', to: '2025-03-31' };

/** The comparison whose label starts with `label`: its text, and its verdict. */
function change(label: RegExp) {
  const dd = screen.getByText(label).closest('.change')!.querySelector('dd')!;
  return { text: dd.textContent!.replace(/\s+/g, ' '), verdict: dd.getAttribute('data-verdict'), dd };
}

describe('SummaryCard', () => {
  it('shows the total in its unit, the change in words and a colour that means better or worse', () => {
    render(<SummaryCard summary={summary} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('total-GAS')).toHaveTextContent('84.5');
    expect(screen.getByRole('heading', { name: 'Gas' })).toBeInTheDocument();
    // Less gas than before is better: green, with the word.
    const previous = change(/^vs the previous 90 days/);
    expect(previous.text).toBe('▼ 25% less than 112.7 m³, better, cost €80.00');
    expect(previous.verdict).toBe('better');
    expect(previous.dd).toHaveClass('change__value--better');
    // The compared days are named.
    expect(screen.getByText(/^vs the previous 90 days/).textContent!.replace(/\s+/g, ' ')).toBe('vs the previous 90 daysOct 3 – Dec 31, 2024');
    expect(change(/^vs a year earlier/).text).toBe('not enough data: no records in those days');
    expect(screen.getByText(/1 record · 938.9 L a day/)).toBeInTheDocument();
  });

  it('calls more use worse, whatever the sign of the number', () => {
    render(<SummaryCard summary={{ ...summary, changeFromPreviousPeriod: '4.118' }} range={range} onUnitChange={vi.fn()} />);
    const previous = change(/^vs the previous/);
    expect(previous.text).toBe('▲ 412% more than 112.7 m³, worse, cost €80.00');
    expect(previous.dd).toHaveClass('change__value--worse');
  });

  it('shows no percentage against a mostly empty earlier period, and how much of it has data', () => {
    render(<SummaryCard summary={{ ...summary, previousPeriodCoverage: 0.3 }} range={range} onUnitChange={vi.fn()} />);
    const previous = change(/^vs the previous/);
    expect(previous.verdict).toBe('thin');
    expect(previous.text).toBe('not enough data: records cover 30% of those days (112.7 m³), cost €80.00');
    expect(previous.text).not.toMatch(/less|more|25/);
  });

  it('shows no percentage when the range itself is mostly empty', () => {
    render(<SummaryCard summary={{ ...summary, coverage: 0.2, changeFromPreviousPeriod: '20.86' }} range={range} onUnitChange={vi.fn()} />);
    expect(change(/^vs the previous/).text).toBe('not enough data: records cover 20% of this range and 100% of those days (112.7 m³), cost €80.00');
    render(<SummaryCard summary={{ ...summary, type: 'WATER', total: '0', recordCount: 0, coverage: 0, changeFromPreviousPeriod: null }} range={range} onUnitChange={vi.fn()} />);
    expect(within(screen.getByTestId('card-WATER')).getByText(/^vs the previous/).closest('.change')).toHaveTextContent(
      'not enough data: no records in this range; records cover 100% of those days (112.7 m³), cost €80.00',
    );
  });

  it('says how much of an earlier period has data when the change is shown', () => {
    render(<SummaryCard summary={{ ...summary, type: 'WATER', unit: 'LITER', previousPeriodCoverage: 0.75 }} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('card-WATER')).toHaveTextContent('25% less than 112.7 L, with records for 75% of those days, better');
  });

  it('shows no data as a dash, not as zero use', () => {
    render(<SummaryCard summary={{ ...summary, total: '0', recordCount: 0, coverage: 0 }} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('total-GAS')).toHaveTextContent('—');
    expect(screen.getByText('No records in this range')).toBeInTheDocument();
  });

  it('shows the cost in the currency, how much of the range it knows, and the earlier costs', () => {
    render(<SummaryCard summary={{ ...summary, costCoverage: 0.344444 }} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-GAS')).toHaveTextContent('€62.40 · known for 34% of the days');
    expect(change(/^vs a year earlier/).text).not.toMatch(/cost/);
  });

  it('says a cost is unknown rather than zero, and how to know it', () => {
    render(<SummaryCard summary={{ ...summary, cost: null, costCoverage: 0, currency: 'JPY' }} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-GAS')).toHaveTextContent('Cost unknown: add a tariff, or the cost your bill states');
    render(<SummaryCard summary={{ ...summary, type: 'WATER', cost: '1234', costCoverage: 1, currency: 'JPY' }} range={range} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-WATER')).toHaveTextContent(/^¥1,234$/);
  });

  it('changes the unit from its picker', async () => {
    const onUnitChange = vi.fn();
    render(<SummaryCard summary={summary} range={range} onUnitChange={onUnitChange} />);
    await userEvent.selectOptions(screen.getByLabelText('Unit for gas'), 'KWH');
    expect(onUnitChange).toHaveBeenCalledWith('KWH');
  });
});
