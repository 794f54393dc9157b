/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A new reading of a meter. */
export type AddMeterReadingInput = {
  /** Whether the value was estimated rather than read off the meter. */
  estimated?: boolean;
  /** The meter read. */
  meterId: string | number;
  /** An optional note of at most 500 characters. */
  notes?: string | null | undefined;
  /** The day, from the meter's `installedOn` to its `removedOn` and not after today in your time zone; the meter may have no other reading that day, nor one more than 400 days before or after without one between. */
  readOn: string;
  /**
   * The register's value at the end of the day: from 0 to 1000000000000, at
   * most six decimal places, below 10^digits when the meter has digits, and not
   * lower than the reading before unless the register rolled over (digits).
   */
  value: string;
};

/** The dates and types an aggregate covers. */
export type AggregateFilter = {
  /**
   * The first day, included. When absent: the first day of the month of `to`,
   * or of the current month in your time zone.
   */
  from?: string | null | undefined;
  /** The last day, included. When absent: today in your time zone. */
  to?: string | null | undefined;
  /** Only these types; all three when absent. */
  types?: Array<ConsumptionType> | null | undefined;
};

/** What an API token allows. */
export type ApiTokenScope =
  /** Queries and subscriptions; every mutation answers `FORBIDDEN`. */
  | 'READ'
  /** Queries, subscriptions and mutations, except those only a person signed in with a password may call: managing API tokens, changing the password, deleting the account. */
  | 'READ_WRITE';

/** What a budget limits. */
export type BudgetMeasure =
  /** The amount consumed, in the budget's `unit`. */
  | 'AMOUNT'
  /** What it costs, in your currency. */
  | 'COST';

/** A password change. */
export type ChangePasswordInput = {
  /** The password in use now. */
  currentPassword: string;
  /** The new password, under the same rules as at registration. */
  newPassword: string;
};

/** What a change did to a record. */
export type ConsumptionChangeKind =
  /** The record was created. */
  | 'CREATED'
  /** The record was deleted. */
  | 'DELETED'
  /** The record was changed. */
  | 'UPDATED';

/** A kind of consumption. */
export type ConsumptionType =
  /** Electricity, measured in `WH`, `KWH` or `MWH`. */
  | 'ELECTRICITY'
  /** Gas, measured in `CUBIC_METER` or `KWH`. */
  | 'GAS'
  /** Water, measured in `LITER` or `CUBIC_METER`. */
  | 'WATER';

/** A new API token. */
export type CreateApiTokenInput = {
  /** When the token stops working: in the future and at most 366 days away. Absent or null: it never expires. */
  expiresAt?: string | null | undefined;
  /** A name of at most 100 characters on one line, saying where the token is used. */
  name: string;
  /** What the token allows. */
  scope: ApiTokenScope;
};

/** A new consumption record. */
export type CreateConsumptionRecordInput = {
  /** How much: from 0 to 1000000000000, with at most six decimal places. */
  amount: string;
  /** What the bill says the period cost, tax and standing charges included, in your currency: from 0 to 1000000000000, with at most six decimal places. */
  cost?: string | null | undefined;
  /** An optional note of at most 500 characters. */
  notes?: string | null | undefined;
  /** The last day, included; on or after `periodStart`, at most 400 days after it, and not after today in the user's time zone. */
  periodEnd: string;
  /** The first day, included; not before 1970-01-01. */
  periodStart: string;
  /** Where the record comes from: `MANUAL` (the default) or `IMPORT`, for records read from a file. */
  source?: RecordSource | null | undefined;
  /** What was consumed. */
  type: ConsumptionType;
  /** The unit of `amount`, which must be one of the type's units. */
  unit: Unit;
};

/** A new meter. */
export type CreateMeterInput = {
  /** The register's digits before the decimal point, from 1 to 12, when it rolls over to 0 after 10^digits − 1. */
  digits?: number | null | undefined;
  /** The register's value on `installedOn`: the meter's first reading. */
  initialReading?: string | null | undefined;
  /** The day it was installed; not before 1970-01-01 nor after today. A meter of the same type in service then must have been removed before. */
  installedOn: string;
  /** A name of at most 100 characters, such as "Gas meter in the cellar". */
  name: string;
  /** The number on the meter, at most 100 characters. */
  serialNumber?: string | null | undefined;
  /** What the meter measures. */
  type: ConsumptionType;
  /** The unit of its readings, one of the type's units. */
  unit: Unit;
};

/** A new tariff. */
export type CreateTariffInput = {
  /** A name of at most 100 characters, without line breaks. */
  name: string;
  /** One of the type's units. */
  priceUnit: Unit;
  /** A fixed charge per day before tax, from 0 to 1000000000; 0 when absent. */
  standingChargePerDay?: string | null | undefined;
  /** The tax on both prices, from 0 to 1, such as 0.21; 0 when absent. */
  taxRate?: string | null | undefined;
  /** The type of consumption it prices. */
  type: ConsumptionType;
  /** The price of one `priceUnit` before tax: from 0 to 1000000000, with at most six decimal places. */
  unitPrice: string;
  /** The first day it applies, included. */
  validFrom: string;
  /** The last day it applies, included, on or after `validFrom`; absent or null for no end. */
  validTo?: string | null | undefined;
};

/** The size of the buckets a series or an aggregate is split into. Buckets are calendar dates, the same in every time zone. */
export type Granularity =
  /** One bucket per day. */
  | 'DAY'
  /** One bucket per calendar month. */
  | 'MONTH'
  /** One bucket per calendar quarter: January to March, April to June, and so on. */
  | 'QUARTER'
  /** One bucket per ISO week, Monday to Sunday. */
  | 'WEEK'
  /** One bucket per calendar year. */
  | 'YEAR';

/** The credentials of an account. */
export type LoginInput = {
  /** The account's email address. */
  email: string;
  /** The account's password. */
  password: string;
};

/** A direction of sorting. */
export type OrderDirection =
  /** Smallest or earliest first. */
  | 'ASC'
  /** Largest or latest first. */
  | 'DESC';

/** The calendar period a budget or a forecast covers. Periods are calendar dates; your time zone decides which one is current. */
export type PeriodGranularity =
  /** A calendar month. */
  | 'MONTH'
  /** A calendar quarter: January to March, April to June, and so on. */
  | 'QUARTER'
  /** A calendar year. */
  | 'YEAR';

/** Which records to consider. */
export type RecordFilter = {
  /** Only records whose period ends on or after this day. */
  from?: string | null | undefined;
  /** Only records whose period starts on or before this day. */
  to?: string | null | undefined;
  /** Only these types; all types when absent. */
  types?: Array<ConsumptionType> | null | undefined;
  /**
   * Only records created or changed at or after this instant (their
   * `updatedAt`). With `orderBy: {field: UPDATED_AT, direction: ASC}`, the
   * changes since a sync; `deletedConsumptionRecords` tells the deletions.
   */
  updatedSince?: string | null | undefined;
};

/** How to sort a list of records. */
export type RecordOrder = {
  /** Which way. */
  direction?: OrderDirection;
  /** What to sort by. */
  field?: RecordOrderField;
};

/** What a list of records can be sorted by. Records that tie are ordered by id. */
export type RecordOrderField =
  /** The amount as recorded, in its own unit. */
  | 'AMOUNT'
  /** When the record was created. */
  | 'CREATED_AT'
  /** The last day of the period. */
  | 'PERIOD_END'
  /** The first day of the period. */
  | 'PERIOD_START'
  /** When the record was created or last changed: the order to sync in. */
  | 'UPDATED_AT';

/** Where a consumption record came from. */
export type RecordSource =
  /** Imported from a file, such as a utility's CSV export. */
  | 'IMPORT'
  /** Typed in, one record at a time. */
  | 'MANUAL'
  /**
   * Derived from a meter's readings: the consumption between two consecutive
   * readings. The server writes these; they change with the readings.
   */
  | 'METER'
  /** Sample data of a new account. */
  | 'SAMPLE';

/** A new account. */
export type RegisterInput = {
  /**
   * A valid email address of at most 254 characters, whose domain is a name
   * (not an IP address), without invisible or control characters and without
   * letters of mixed scripts. It is trimmed, brought into Unicode normalization
   * form C and lower-cased, so spellings of one address are one account.
   */
  email: string;
  /**
   * At least 15 characters and at most 256 bytes, not among the most common
   * passwords, and not containing the email's name.
   */
  password: string;
};

/** A budget to set: it replaces the one of the same type, granularity and measure, if any. */
export type SetBudgetInput = {
  /** The calendar period it covers. */
  granularity: PeriodGranularity;
  /** The most per period: more than 0, at most 1000000000000, with at most six decimal places. */
  limit: string;
  /** Whether it limits the amount or the cost. */
  measure: BudgetMeasure;
  /** The type of consumption it limits. */
  type: ConsumptionType;
  /** The unit of `limit`, one of the type's units: required for an AMOUNT budget, absent for a COST budget (which is in your currency). */
  unit?: Unit | null | undefined;
};

/** A unit of measurement. Each type of consumption allows some of them. */
export type Unit =
  /** Cubic metre (water, gas). */
  | 'CUBIC_METER'
  /** Kilowatt-hour (electricity, gas). */
  | 'KWH'
  /** Litre (water). */
  | 'LITER'
  /** Megawatt-hour (electricity). */
  | 'MWH'
  /** Watt-hour (electricity). */
  | 'WH';

/** The unit each type is reported in. Amounts are converted exactly; gas between CUBIC_METER and KWH with your `gasKwhPerCubicMeter`. */
export type UnitsInput = {
  /** WH, KWH (the default) or MWH. */
  electricity?: Unit | null | undefined;
  /** CUBIC_METER (the default) or KWH. */
  gas?: Unit | null | undefined;
  /** LITER or CUBIC_METER (the default). */
  water?: Unit | null | undefined;
};

/** Changes to a consumption record; absent fields stay as they are. The result must follow the same rules as a new record. */
export type UpdateConsumptionRecordInput = {
  /** How much. */
  amount?: string | null | undefined;
  /** The cost the bill states; `null` removes it. */
  cost?: string | null | undefined;
  /** The note; `null` removes it. */
  notes?: string | null | undefined;
  /** The last day, included. */
  periodEnd?: string | null | undefined;
  /** The first day, included. */
  periodStart?: string | null | undefined;
  /** What was consumed. */
  type?: ConsumptionType | null | undefined;
  /** The unit of `amount`. */
  unit?: Unit | null | undefined;
};

/** Changes to a meter; absent fields stay as they are. Its readings must still fit it, and the periods derived from them follow. */
export type UpdateMeterInput = {
  /** The register's digits; `null` says it never rolls over. */
  digits?: number | null | undefined;
  /** The day it was installed. */
  installedOn?: string | null | undefined;
  /** The meter's name. */
  name?: string | null | undefined;
  /** The day it was removed, not after today; `null` puts it back in service. */
  removedOn?: string | null | undefined;
  /** The number on the meter; `null` removes it. */
  serialNumber?: string | null | undefined;
  /** What the meter measures. */
  type?: ConsumptionType | null | undefined;
  /** The unit of its readings. */
  unit?: Unit | null | undefined;
};

/** Changes to a reading; absent fields stay as they are. The result must follow the rules of a new reading. */
export type UpdateMeterReadingInput = {
  /** Whether the value was estimated. */
  estimated?: boolean | null | undefined;
  /** The note; `null` removes it. */
  notes?: string | null | undefined;
  /** The day. */
  readOn?: string | null | undefined;
  /** The register's value. */
  value?: string | null | undefined;
};

/** Changes to the signed-in user's settings; absent fields stay as they are. */
export type UpdateSettingsInput = {
  /** An ISO 4217 currency code in capitals, such as `EUR`, `USD` or `JPY`. Costs are rounded to its minor unit. */
  currency?: string | null | undefined;
  /** How many kWh one cubic metre of gas holds; more than 0 and at most 100, with at most six decimal places. */
  gasKwhPerCubicMeter?: string | null | undefined;
  /** An IANA time zone such as `America/New_York`. */
  timeZone?: string | null | undefined;
};

/** Changes to a tariff; absent fields stay as they are. The result must follow the same rules as a new tariff. */
export type UpdateTariffInput = {
  /** The name. */
  name?: string | null | undefined;
  /** One of the type's units. */
  priceUnit?: Unit | null | undefined;
  /** The fixed charge per day before tax. */
  standingChargePerDay?: string | null | undefined;
  /** The tax on both prices, from 0 to 1. */
  taxRate?: string | null | undefined;
  /** The type of consumption it prices. */
  type?: ConsumptionType | null | undefined;
  /** The price of one `priceUnit` before tax. */
  unitPrice?: string | null | undefined;
  /** The first day it applies. */
  validFrom?: string | null | undefined;
  /** The last day it applies; `null` removes the end. */
  validTo?: string | null | undefined;
};

export type SessionFieldsFragment = { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, user: { id: string, email: string } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, user: { id: string, email: string } } };

export type LoginMutationVariables = Exact<{
  input: LoginInput;
}>;


export type LoginMutation = { login: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, user: { id: string, email: string } } };

export type RefreshMutationVariables = Exact<{
  refreshToken: string;
}>;


export type RefreshMutation = { refreshToken: { accessToken: string, accessTokenExpiresAt: string, refreshToken: string, user: { id: string, email: string } } };

export type LogoutMutationVariables = Exact<{
  refreshToken: string;
}>;


export type LogoutMutation = { logout: boolean };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string, timeZone: string, gasKwhPerCubicMeter: string, currency: string, createdAt: string } };

export type UpdateSettingsMutationVariables = Exact<{
  input: UpdateSettingsInput;
}>;


export type UpdateSettingsMutation = { updateSettings: { id: string, email: string, timeZone: string, gasKwhPerCubicMeter: string, currency: string, createdAt: string } };

export type ChangePasswordMutationVariables = Exact<{
  input: ChangePasswordInput;
}>;


export type ChangePasswordMutation = { changePassword: boolean };

export type DeleteAccountMutationVariables = Exact<{
  password: string;
}>;


export type DeleteAccountMutation = { deleteAccount: boolean };

export type RecordFieldsFragment = { id: string, type: ConsumptionType, amount: string, unit: Unit, periodStart: string, periodEnd: string, notes: string | null, source: RecordSource, cost: string | null, createdAt: string, updatedAt: string };

export type RecordsQueryVariables = Exact<{
  filter?: RecordFilter | null | undefined;
  orderBy?: RecordOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type RecordsQuery = { consumptionRecords: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, type: ConsumptionType, amount: string, unit: Unit, periodStart: string, periodEnd: string, notes: string | null, source: RecordSource, cost: string | null, createdAt: string, updatedAt: string } }> } };

export type CreateRecordMutationVariables = Exact<{
  input: CreateConsumptionRecordInput;
}>;


export type CreateRecordMutation = { createConsumptionRecord: { id: string, type: ConsumptionType, amount: string, unit: Unit, periodStart: string, periodEnd: string, notes: string | null, source: RecordSource, cost: string | null, createdAt: string, updatedAt: string } };

export type CreateRecordsMutationVariables = Exact<{
  input: Array<CreateConsumptionRecordInput> | CreateConsumptionRecordInput;
  dryRun?: boolean | null | undefined;
}>;


export type CreateRecordsMutation = { createConsumptionRecords: Array<{ id: string }> };

export type UpdateRecordMutationVariables = Exact<{
  id: string | number;
  input: UpdateConsumptionRecordInput;
}>;


export type UpdateRecordMutation = { updateConsumptionRecord: { id: string, type: ConsumptionType, amount: string, unit: Unit, periodStart: string, periodEnd: string, notes: string | null, source: RecordSource, cost: string | null, createdAt: string, updatedAt: string } };

export type DeleteRecordMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteRecordMutation = { deleteConsumptionRecord: string };

export type SeriesFieldsFragment = { type: ConsumptionType, unit: Unit, total: string, currency: string, totalCost: string | null, costCoverage: number, points: Array<{ periodStart: string, periodEnd: string, amount: string, coverage: number, cost: string | null, costCoverage: number }> };

export type DashboardQueryVariables = Exact<{
  filter: AggregateFilter;
  granularity: Granularity;
  units?: UnitsInput | null | undefined;
}>;


export type DashboardQuery = { consumptionSummary: { from: string, to: string, byType: Array<{ type: ConsumptionType, unit: Unit, total: string, recordCount: number, dailyAverage: string, monthlyAverage: string, coverage: number, previousPeriodTotal: string, previousYearTotal: string, previousPeriodCoverage: number, previousYearCoverage: number, changeFromPreviousPeriod: string | null, changeFromPreviousYear: string | null, currency: string, cost: string | null, costCoverage: number, previousPeriodCost: string | null, previousYearCost: string | null }> }, consumptionSeries: Array<{ type: ConsumptionType, unit: Unit, total: string, currency: string, totalCost: string | null, costCoverage: number, points: Array<{ periodStart: string, periodEnd: string, amount: string, coverage: number, cost: string | null, costCoverage: number }> }> };

export type YearEarlierSeriesQueryVariables = Exact<{
  filter: AggregateFilter;
  granularity: Granularity;
  units?: UnitsInput | null | undefined;
}>;


export type YearEarlierSeriesQuery = { consumptionSeries: Array<{ type: ConsumptionType, unit: Unit, total: string, currency: string, totalCost: string | null, costCoverage: number, points: Array<{ periodStart: string, periodEnd: string, amount: string, coverage: number, cost: string | null, costCoverage: number }> }> };

export type ReadingFieldsFragment = { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null };

export type MeterFieldsFragment = { id: string, type: ConsumptionType, unit: Unit, name: string, serialNumber: string | null, digits: number | null, installedOn: string, removedOn: string | null, latestReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } | null };

export type MetersQueryVariables = Exact<{ [key: string]: never; }>;


export type MetersQuery = { meters: Array<{ id: string, type: ConsumptionType, unit: Unit, name: string, serialNumber: string | null, digits: number | null, installedOn: string, removedOn: string | null, latestReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } | null }> };

export type MeterReadingsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MeterReadingsQuery = { meter: { id: string, type: ConsumptionType, unit: Unit, name: string, serialNumber: string | null, digits: number | null, installedOn: string, removedOn: string | null, readings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } }> }, latestReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } | null } | null };

export type CreateMeterMutationVariables = Exact<{
  input: CreateMeterInput;
}>;


export type CreateMeterMutation = { createMeter: { id: string, type: ConsumptionType, unit: Unit, name: string, serialNumber: string | null, digits: number | null, installedOn: string, removedOn: string | null, latestReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } | null } };

export type UpdateMeterMutationVariables = Exact<{
  id: string | number;
  input: UpdateMeterInput;
}>;


export type UpdateMeterMutation = { updateMeter: { id: string, type: ConsumptionType, unit: Unit, name: string, serialNumber: string | null, digits: number | null, installedOn: string, removedOn: string | null, latestReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } | null } };

export type DeleteMeterMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMeterMutation = { deleteMeter: string };

export type AddReadingMutationVariables = Exact<{
  input: AddMeterReadingInput;
}>;


export type AddReadingMutation = { addMeterReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } };

export type AddReadingsMutationVariables = Exact<{
  input: Array<AddMeterReadingInput> | AddMeterReadingInput;
}>;


export type AddReadingsMutation = { addMeterReadings: Array<{ id: string }> };

export type UpdateReadingMutationVariables = Exact<{
  id: string | number;
  input: UpdateMeterReadingInput;
}>;


export type UpdateReadingMutation = { updateMeterReading: { id: string, readOn: string, value: string, estimated: boolean, notes: string | null, period: { id: string, periodStart: string, periodEnd: string, amount: string } | null } };

export type DeleteReadingMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteReadingMutation = { deleteMeterReading: string };

export type TariffFieldsFragment = { id: string, type: ConsumptionType, name: string, validFrom: string, validTo: string | null, unitPrice: string, priceUnit: Unit, standingChargePerDay: string, taxRate: string };

export type TariffsQueryVariables = Exact<{ [key: string]: never; }>;


export type TariffsQuery = { tariffs: Array<{ id: string, type: ConsumptionType, name: string, validFrom: string, validTo: string | null, unitPrice: string, priceUnit: Unit, standingChargePerDay: string, taxRate: string }> };

export type CreateTariffMutationVariables = Exact<{
  input: CreateTariffInput;
}>;


export type CreateTariffMutation = { createTariff: { id: string, type: ConsumptionType, name: string, validFrom: string, validTo: string | null, unitPrice: string, priceUnit: Unit, standingChargePerDay: string, taxRate: string } };

export type UpdateTariffMutationVariables = Exact<{
  id: string | number;
  input: UpdateTariffInput;
}>;


export type UpdateTariffMutation = { updateTariff: { id: string, type: ConsumptionType, name: string, validFrom: string, validTo: string | null, unitPrice: string, priceUnit: Unit, standingChargePerDay: string, taxRate: string } };

export type DeleteTariffMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteTariffMutation = { deleteTariff: string };

export type BudgetFieldsFragment = { id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null };

export type ForecastFieldsFragment = { type: ConsumptionType, unit: Unit, periodStart: string, periodEnd: string, actualToDate: string, expectedTotal: string, low: string, high: string, expectedCost: string | null, currency: string, expectedShareOfBudget: number | null, method: string, budget: { id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null } | null };

export type BudgetsQueryVariables = Exact<{
  granularity: PeriodGranularity;
  units?: UnitsInput | null | undefined;
}>;


export type BudgetsQuery = { budgets: Array<{ id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null }>, consumptionForecast: Array<{ type: ConsumptionType, unit: Unit, periodStart: string, periodEnd: string, actualToDate: string, expectedTotal: string, low: string, high: string, expectedCost: string | null, currency: string, expectedShareOfBudget: number | null, method: string, budget: { id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null } | null }>, costForecast: Array<{ type: ConsumptionType, unit: Unit, periodStart: string, periodEnd: string, actualToDate: string, expectedTotal: string, low: string, high: string, expectedCost: string | null, currency: string, expectedShareOfBudget: number | null, method: string, budget: { id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null } | null }> };

export type SetBudgetMutationVariables = Exact<{
  input: SetBudgetInput;
}>;


export type SetBudgetMutation = { setBudget: { id: string, type: ConsumptionType, granularity: PeriodGranularity, measure: BudgetMeasure, limit: string, unit: Unit | null } };

export type DeleteBudgetMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteBudgetMutation = { deleteBudget: string };

export type SampleDataStateQueryVariables = Exact<{ [key: string]: never; }>;


export type SampleDataStateQuery = { me: { id: string, hasSampleData: boolean }, consumptionRecords: { totalCount: number }, meters: Array<{ id: string }>, tariffs: Array<{ id: string }>, budgets: Array<{ id: string }> };

export type LoadSampleDataMutationVariables = Exact<{ [key: string]: never; }>;


export type LoadSampleDataMutation = { loadSampleData: boolean };

export type RemoveSampleDataMutationVariables = Exact<{ [key: string]: never; }>;


export type RemoveSampleDataMutation = { removeSampleData: number };

export type ApiTokenFieldsFragment = { id: string, name: string, scope: ApiTokenScope, createdAt: string, expiresAt: string | null, lastUsedAt: string | null };

export type ApiTokensQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiTokensQuery = { apiTokens: Array<{ id: string, name: string, scope: ApiTokenScope, createdAt: string, expiresAt: string | null, lastUsedAt: string | null }> };

export type CreateApiTokenMutationVariables = Exact<{
  input: CreateApiTokenInput;
}>;


export type CreateApiTokenMutation = { createApiToken: { token: string, apiToken: { id: string, name: string, scope: ApiTokenScope, createdAt: string, expiresAt: string | null, lastUsedAt: string | null } } };

export type RevokeApiTokenMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiTokenMutation = { revokeApiToken: string };

export type ConsumptionChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsumptionChangedSubscription = { consumptionChanged: { kind: ConsumptionChangeKind, id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const SessionFieldsFragmentDoc = new TypedDocumentString(`
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  user {
    id
    email
  }
}
    `, {"fragmentName":"SessionFields"}) as unknown as TypedDocumentString<SessionFieldsFragment, unknown>;
export const RecordFieldsFragmentDoc = new TypedDocumentString(`
    fragment RecordFields on ConsumptionRecord {
  id
  type
  amount
  unit
  periodStart
  periodEnd
  notes
  source
  cost
  createdAt
  updatedAt
}
    `, {"fragmentName":"RecordFields"}) as unknown as TypedDocumentString<RecordFieldsFragment, unknown>;
export const SeriesFieldsFragmentDoc = new TypedDocumentString(`
    fragment SeriesFields on ConsumptionSeries {
  type
  unit
  total
  currency
  totalCost
  costCoverage
  points {
    periodStart
    periodEnd
    amount
    coverage
    cost
    costCoverage
  }
}
    `, {"fragmentName":"SeriesFields"}) as unknown as TypedDocumentString<SeriesFieldsFragment, unknown>;
export const ReadingFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}
    `, {"fragmentName":"ReadingFields"}) as unknown as TypedDocumentString<ReadingFieldsFragment, unknown>;
export const MeterFieldsFragmentDoc = new TypedDocumentString(`
    fragment MeterFields on Meter {
  id
  type
  unit
  name
  serialNumber
  digits
  installedOn
  removedOn
  latestReading {
    ...ReadingFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}`, {"fragmentName":"MeterFields"}) as unknown as TypedDocumentString<MeterFieldsFragment, unknown>;
export const TariffFieldsFragmentDoc = new TypedDocumentString(`
    fragment TariffFields on Tariff {
  id
  type
  name
  validFrom
  validTo
  unitPrice
  priceUnit
  standingChargePerDay
  taxRate
}
    `, {"fragmentName":"TariffFields"}) as unknown as TypedDocumentString<TariffFieldsFragment, unknown>;
export const BudgetFieldsFragmentDoc = new TypedDocumentString(`
    fragment BudgetFields on Budget {
  id
  type
  granularity
  measure
  limit
  unit
}
    `, {"fragmentName":"BudgetFields"}) as unknown as TypedDocumentString<BudgetFieldsFragment, unknown>;
export const ForecastFieldsFragmentDoc = new TypedDocumentString(`
    fragment ForecastFields on Forecast {
  type
  unit
  periodStart
  periodEnd
  actualToDate
  expectedTotal
  low
  high
  expectedCost
  currency
  budget {
    ...BudgetFields
  }
  expectedShareOfBudget
  method
}
    fragment BudgetFields on Budget {
  id
  type
  granularity
  measure
  limit
  unit
}`, {"fragmentName":"ForecastFields"}) as unknown as TypedDocumentString<ForecastFieldsFragment, unknown>;
export const ApiTokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiTokenFields on ApiToken {
  id
  name
  scope
  createdAt
  expiresAt
  lastUsedAt
}
    `, {"fragmentName":"ApiTokenFields"}) as unknown as TypedDocumentString<ApiTokenFieldsFragment, unknown>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($input: LoginInput!) {
  login(input: $input) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) {
    ...SessionFields
  }
}
    fragment SessionFields on AuthPayload {
  accessToken
  accessTokenExpiresAt
  refreshToken
  user {
    id
    email
  }
}`) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    id
    email
    timeZone
    gasKwhPerCubicMeter
    currency
    createdAt
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UpdateSettingsDocument = new TypedDocumentString(`
    mutation UpdateSettings($input: UpdateSettingsInput!) {
  updateSettings(input: $input) {
    id
    email
    timeZone
    gasKwhPerCubicMeter
    currency
    createdAt
  }
}
    `) as unknown as TypedDocumentString<UpdateSettingsMutation, UpdateSettingsMutationVariables>;
export const ChangePasswordDocument = new TypedDocumentString(`
    mutation ChangePassword($input: ChangePasswordInput!) {
  changePassword(input: $input)
}
    `) as unknown as TypedDocumentString<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const DeleteAccountDocument = new TypedDocumentString(`
    mutation DeleteAccount($password: String!) {
  deleteAccount(password: $password)
}
    `) as unknown as TypedDocumentString<DeleteAccountMutation, DeleteAccountMutationVariables>;
export const RecordsDocument = new TypedDocumentString(`
    query Records($filter: RecordFilter, $orderBy: RecordOrder, $first: Int, $after: String) {
  consumptionRecords(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...RecordFields
      }
    }
  }
}
    fragment RecordFields on ConsumptionRecord {
  id
  type
  amount
  unit
  periodStart
  periodEnd
  notes
  source
  cost
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RecordsQuery, RecordsQueryVariables>;
export const CreateRecordDocument = new TypedDocumentString(`
    mutation CreateRecord($input: CreateConsumptionRecordInput!) {
  createConsumptionRecord(input: $input) {
    ...RecordFields
  }
}
    fragment RecordFields on ConsumptionRecord {
  id
  type
  amount
  unit
  periodStart
  periodEnd
  notes
  source
  cost
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<CreateRecordMutation, CreateRecordMutationVariables>;
export const CreateRecordsDocument = new TypedDocumentString(`
    mutation CreateRecords($input: [CreateConsumptionRecordInput!]!, $dryRun: Boolean) {
  createConsumptionRecords(input: $input, dryRun: $dryRun) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateRecordsMutation, CreateRecordsMutationVariables>;
export const UpdateRecordDocument = new TypedDocumentString(`
    mutation UpdateRecord($id: ID!, $input: UpdateConsumptionRecordInput!) {
  updateConsumptionRecord(id: $id, input: $input) {
    ...RecordFields
  }
}
    fragment RecordFields on ConsumptionRecord {
  id
  type
  amount
  unit
  periodStart
  periodEnd
  notes
  source
  cost
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateRecordMutation, UpdateRecordMutationVariables>;
export const DeleteRecordDocument = new TypedDocumentString(`
    mutation DeleteRecord($id: ID!) {
  deleteConsumptionRecord(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteRecordMutation, DeleteRecordMutationVariables>;
export const DashboardDocument = new TypedDocumentString(`
    query Dashboard($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {
  consumptionSummary(filter: $filter, units: $units) {
    from
    to
    byType {
      type
      unit
      total
      recordCount
      dailyAverage
      monthlyAverage
      coverage
      previousPeriodTotal
      previousYearTotal
      previousPeriodCoverage
      previousYearCoverage
      changeFromPreviousPeriod
      changeFromPreviousYear
      currency
      cost
      costCoverage
      previousPeriodCost
      previousYearCost
    }
  }
  consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {
    ...SeriesFields
  }
}
    fragment SeriesFields on ConsumptionSeries {
  type
  unit
  total
  currency
  totalCost
  costCoverage
  points {
    periodStart
    periodEnd
    amount
    coverage
    cost
    costCoverage
  }
}`) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const YearEarlierSeriesDocument = new TypedDocumentString(`
    query YearEarlierSeries($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {
  consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {
    ...SeriesFields
  }
}
    fragment SeriesFields on ConsumptionSeries {
  type
  unit
  total
  currency
  totalCost
  costCoverage
  points {
    periodStart
    periodEnd
    amount
    coverage
    cost
    costCoverage
  }
}`) as unknown as TypedDocumentString<YearEarlierSeriesQuery, YearEarlierSeriesQueryVariables>;
export const MetersDocument = new TypedDocumentString(`
    query Meters {
  meters {
    ...MeterFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}
fragment MeterFields on Meter {
  id
  type
  unit
  name
  serialNumber
  digits
  installedOn
  removedOn
  latestReading {
    ...ReadingFields
  }
}`) as unknown as TypedDocumentString<MetersQuery, MetersQueryVariables>;
export const MeterReadingsDocument = new TypedDocumentString(`
    query MeterReadings($id: ID!, $first: Int, $after: String) {
  meter(id: $id) {
    ...MeterFields
    readings(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ReadingFields
        }
      }
    }
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}
fragment MeterFields on Meter {
  id
  type
  unit
  name
  serialNumber
  digits
  installedOn
  removedOn
  latestReading {
    ...ReadingFields
  }
}`) as unknown as TypedDocumentString<MeterReadingsQuery, MeterReadingsQueryVariables>;
export const CreateMeterDocument = new TypedDocumentString(`
    mutation CreateMeter($input: CreateMeterInput!) {
  createMeter(input: $input) {
    ...MeterFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}
fragment MeterFields on Meter {
  id
  type
  unit
  name
  serialNumber
  digits
  installedOn
  removedOn
  latestReading {
    ...ReadingFields
  }
}`) as unknown as TypedDocumentString<CreateMeterMutation, CreateMeterMutationVariables>;
export const UpdateMeterDocument = new TypedDocumentString(`
    mutation UpdateMeter($id: ID!, $input: UpdateMeterInput!) {
  updateMeter(id: $id, input: $input) {
    ...MeterFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}
fragment MeterFields on Meter {
  id
  type
  unit
  name
  serialNumber
  digits
  installedOn
  removedOn
  latestReading {
    ...ReadingFields
  }
}`) as unknown as TypedDocumentString<UpdateMeterMutation, UpdateMeterMutationVariables>;
export const DeleteMeterDocument = new TypedDocumentString(`
    mutation DeleteMeter($id: ID!) {
  deleteMeter(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteMeterMutation, DeleteMeterMutationVariables>;
export const AddReadingDocument = new TypedDocumentString(`
    mutation AddReading($input: AddMeterReadingInput!) {
  addMeterReading(input: $input) {
    ...ReadingFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}`) as unknown as TypedDocumentString<AddReadingMutation, AddReadingMutationVariables>;
export const AddReadingsDocument = new TypedDocumentString(`
    mutation AddReadings($input: [AddMeterReadingInput!]!) {
  addMeterReadings(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<AddReadingsMutation, AddReadingsMutationVariables>;
export const UpdateReadingDocument = new TypedDocumentString(`
    mutation UpdateReading($id: ID!, $input: UpdateMeterReadingInput!) {
  updateMeterReading(id: $id, input: $input) {
    ...ReadingFields
  }
}
    fragment ReadingFields on MeterReading {
  id
  readOn
  value
  estimated
  notes
  period {
    id
    periodStart
    periodEnd
    amount
  }
}`) as unknown as TypedDocumentString<UpdateReadingMutation, UpdateReadingMutationVariables>;
export const DeleteReadingDocument = new TypedDocumentString(`
    mutation DeleteReading($id: ID!) {
  deleteMeterReading(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteReadingMutation, DeleteReadingMutationVariables>;
export const TariffsDocument = new TypedDocumentString(`
    query Tariffs {
  tariffs {
    ...TariffFields
  }
}
    fragment TariffFields on Tariff {
  id
  type
  name
  validFrom
  validTo
  unitPrice
  priceUnit
  standingChargePerDay
  taxRate
}`) as unknown as TypedDocumentString<TariffsQuery, TariffsQueryVariables>;
export const CreateTariffDocument = new TypedDocumentString(`
    mutation CreateTariff($input: CreateTariffInput!) {
  createTariff(input: $input) {
    ...TariffFields
  }
}
    fragment TariffFields on Tariff {
  id
  type
  name
  validFrom
  validTo
  unitPrice
  priceUnit
  standingChargePerDay
  taxRate
}`) as unknown as TypedDocumentString<CreateTariffMutation, CreateTariffMutationVariables>;
export const UpdateTariffDocument = new TypedDocumentString(`
    mutation UpdateTariff($id: ID!, $input: UpdateTariffInput!) {
  updateTariff(id: $id, input: $input) {
    ...TariffFields
  }
}
    fragment TariffFields on Tariff {
  id
  type
  name
  validFrom
  validTo
  unitPrice
  priceUnit
  standingChargePerDay
  taxRate
}`) as unknown as TypedDocumentString<UpdateTariffMutation, UpdateTariffMutationVariables>;
export const DeleteTariffDocument = new TypedDocumentString(`
    mutation DeleteTariff($id: ID!) {
  deleteTariff(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteTariffMutation, DeleteTariffMutationVariables>;
export const BudgetsDocument = new TypedDocumentString(`
    query Budgets($granularity: PeriodGranularity!, $units: UnitsInput) {
  budgets {
    ...BudgetFields
  }
  consumptionForecast(granularity: $granularity, units: $units, measure: AMOUNT) {
    ...ForecastFields
  }
  costForecast: consumptionForecast(
    granularity: $granularity
    units: $units
    measure: COST
  ) {
    ...ForecastFields
  }
}
    fragment BudgetFields on Budget {
  id
  type
  granularity
  measure
  limit
  unit
}
fragment ForecastFields on Forecast {
  type
  unit
  periodStart
  periodEnd
  actualToDate
  expectedTotal
  low
  high
  expectedCost
  currency
  budget {
    ...BudgetFields
  }
  expectedShareOfBudget
  method
}`) as unknown as TypedDocumentString<BudgetsQuery, BudgetsQueryVariables>;
export const SetBudgetDocument = new TypedDocumentString(`
    mutation SetBudget($input: SetBudgetInput!) {
  setBudget(input: $input) {
    ...BudgetFields
  }
}
    fragment BudgetFields on Budget {
  id
  type
  granularity
  measure
  limit
  unit
}`) as unknown as TypedDocumentString<SetBudgetMutation, SetBudgetMutationVariables>;
export const DeleteBudgetDocument = new TypedDocumentString(`
    mutation DeleteBudget($id: ID!) {
  deleteBudget(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteBudgetMutation, DeleteBudgetMutationVariables>;
export const SampleDataStateDocument = new TypedDocumentString(`
    query SampleDataState {
  me {
    id
    hasSampleData
  }
  consumptionRecords(first: 1) {
    totalCount
  }
  meters {
    id
  }
  tariffs {
    id
  }
  budgets {
    id
  }
}
    `) as unknown as TypedDocumentString<SampleDataStateQuery, SampleDataStateQueryVariables>;
export const LoadSampleDataDocument = new TypedDocumentString(`
    mutation LoadSampleData {
  loadSampleData
}
    `) as unknown as TypedDocumentString<LoadSampleDataMutation, LoadSampleDataMutationVariables>;
export const RemoveSampleDataDocument = new TypedDocumentString(`
    mutation RemoveSampleData {
  removeSampleData
}
    `) as unknown as TypedDocumentString<RemoveSampleDataMutation, RemoveSampleDataMutationVariables>;
export const ApiTokensDocument = new TypedDocumentString(`
    query ApiTokens {
  apiTokens {
    ...ApiTokenFields
  }
}
    fragment ApiTokenFields on ApiToken {
  id
  name
  scope
  createdAt
  expiresAt
  lastUsedAt
}`) as unknown as TypedDocumentString<ApiTokensQuery, ApiTokensQueryVariables>;
export const CreateApiTokenDocument = new TypedDocumentString(`
    mutation CreateApiToken($input: CreateApiTokenInput!) {
  createApiToken(input: $input) {
    token
    apiToken {
      ...ApiTokenFields
    }
  }
}
    fragment ApiTokenFields on ApiToken {
  id
  name
  scope
  createdAt
  expiresAt
  lastUsedAt
}`) as unknown as TypedDocumentString<CreateApiTokenMutation, CreateApiTokenMutationVariables>;
export const RevokeApiTokenDocument = new TypedDocumentString(`
    mutation RevokeApiToken($id: ID!) {
  revokeApiToken(id: $id)
}
    `) as unknown as TypedDocumentString<RevokeApiTokenMutation, RevokeApiTokenMutationVariables>;
export const ConsumptionChangedDocument = new TypedDocumentString(`
    subscription ConsumptionChanged {
  consumptionChanged {
    kind
    id
  }
}
    `) as unknown as TypedDocumentString<ConsumptionChangedSubscription, ConsumptionChangedSubscriptionVariables>;