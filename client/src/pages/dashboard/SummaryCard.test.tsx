import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SummaryCard, type TypeSummary } from './SummaryCard';
import { bucketState, chartPoints, type Series } from './SeriesChart';

const summary: TypeSummary = {
  type: 'GAS',
  unit: 'CUBIC_METER',
  total: '84.500000',
  recordCount: 1,
  dailyAverage: '0.938889',
  monthlyAverage: '28.166667',
  coverage: 0.344444,
  previousPeriodTotal: '112.666667',
  previousYearTotal: '0',
  previousPeriodCoverage: 1,
  previousYearCoverage: 0,
  changeFromPreviousPeriod: '-0.25',
  changeFromPreviousYear: null,
  currency: 'EUR',
  cost: '62.4',
  costCoverage: 0.344444,
  previousPeriodCost: '80',
  previousYearCost: null,
};

describe('SummaryCard', () => {
  it('shows the total in its unit and the changes in words, not colour alone', () => {
    render(<SummaryCard summary={summary} days={90} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('total-GAS')).toHaveTextContent('84.5');
    expect(screen.getByRole('heading', { name: 'Gas' })).toBeInTheDocument();
    expect(screen.getByText('vs previous 90 days').nextElementSibling).toHaveTextContent('−25% (down) from 112.667 m³');
    expect(screen.getByText('vs a year earlier').nextElementSibling).toHaveTextContent('no data to compare');
    expect(screen.getByText(/covers 34% of the days/)).toBeInTheDocument();
  });

  it('says how much of an earlier period has data, and shows no percentage where either has none', () => {
    render(
      <SummaryCard
        summary={{ ...summary, previousPeriodCoverage: 0.344444, total: '0', recordCount: 0, coverage: 0, changeFromPreviousPeriod: null, cost: null, costCoverage: 0 }}
        days={90}
        onUnitChange={vi.fn()}
      />,
    );
    expect(screen.getByText('vs previous 90 days').nextElementSibling).toHaveTextContent('no data to compare');
    expect(screen.queryByText(/%/)).toBeNull();
    render(<SummaryCard summary={{ ...summary, type: 'WATER', unit: 'LITER', previousPeriodCoverage: 0.344444 }} days={90} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('card-WATER')).toHaveTextContent('−25% (down) from 112.667 L, with data for 34% of those days');
  });

  it('shows no data as a dash, not as zero use', () => {
    render(<SummaryCard summary={{ ...summary, total: '0', recordCount: 0, coverage: 0 }} days={30} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('total-GAS')).toHaveTextContent('—');
    expect(screen.getByText('No records in this range')).toBeInTheDocument();
  });

  it('shows the cost in the currency, how much of the range it knows, and the earlier costs', () => {
    render(<SummaryCard summary={summary} days={90} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-GAS')).toHaveTextContent('€62.40 · known for 34% of the days');
    expect(screen.getByText('vs previous 90 days').nextElementSibling).toHaveTextContent('from 112.667 m³, cost €80.00');
    expect(screen.getByText('vs a year earlier').nextElementSibling).not.toHaveTextContent('cost');
  });

  it('says a cost is unknown rather than zero, and how to know it', () => {
    render(<SummaryCard summary={{ ...summary, cost: null, costCoverage: 0, currency: 'JPY' }} days={90} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-GAS')).toHaveTextContent('Cost unknown: add a tariff, or the cost your bill states');
    render(<SummaryCard summary={{ ...summary, type: 'WATER', cost: '1234', costCoverage: 1, currency: 'JPY' }} days={90} onUnitChange={vi.fn()} />);
    expect(screen.getByTestId('cost-WATER')).toHaveTextContent(/^¥1,234$/);
  });

  it('changes the unit from its picker', async () => {
    const onUnitChange = vi.fn();
    render(<SummaryCard summary={summary} days={90} onUnitChange={onUnitChange} />);
    await userEvent.selectOptions(screen.getByLabelText('Unit for gas'), 'KWH');
    expect(onUnitChange).toHaveBeenCalledWith('KWH');
  });
});

describe('bucketState', () => {
  it('tells no data from zero use', () => {
    expect(bucketState({ coverage: 0 })).toBe('none');
    expect(bucketState({ coverage: 0.5 })).toBe('partial');
    expect(bucketState({ coverage: 1 })).toBe('full');
  });
});

describe('chartPoints', () => {
  const series: Series = {
    type: 'ELECTRICITY', unit: 'KWH', total: '30', currency: 'EUR', totalCost: '7.5', costCoverage: 0.5,
    points: [
      { periodStart: '2025-01-01', periodEnd: '2025-01-31', amount: '20', coverage: 1, cost: '7.5', costCoverage: 0.5 },
      { periodStart: '2025-02-01', periodEnd: '2025-02-28', amount: '10', coverage: 1, cost: null, costCoverage: 0 },
    ],
  };
  it('draws amounts with the records’ coverage, or costs with the share of days whose cost is known', () => {
    expect(chartPoints(series, 'amount').map((p) => [p.value, p.coverage])).toEqual([['20', 1], ['10', 1]]);
    expect(chartPoints(series, 'money').map((p) => [p.value, bucketState(p)])).toEqual([['7.5', 'partial'], ['0', 'none']]);
  });
});
