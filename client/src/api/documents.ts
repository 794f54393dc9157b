// Every GraphQL document the dashboard sends. graphql-codegen reads this
// file and types each document from schema.graphqls (npm run codegen).

import { graphql } from '../gql';

export const SessionFields = graphql(`
  fragment SessionFields on AuthPayload {
    accessToken
    accessTokenExpiresAt
    refreshToken
    user {
      id
      email
    }
  }
`);

export const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...SessionFields
    }
  }
`);

export const LoginDocument = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...SessionFields
    }
  }
`);

export const RefreshDocument = graphql(`
  mutation Refresh($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) {
      ...SessionFields
    }
  }
`);

export const LogoutDocument = graphql(`
  mutation Logout($refreshToken: String!) {
    logout(refreshToken: $refreshToken)
  }
`);

export const MeDocument = graphql(`
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
`);

export const UpdateSettingsDocument = graphql(`
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
`);

export const ChangePasswordDocument = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export const DeleteAccountDocument = graphql(`
  mutation DeleteAccount($password: String!) {
    deleteAccount(password: $password)
  }
`);

export const RecordFields = graphql(`
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
`);

export const RecordsDocument = graphql(`
  query Records($filter: RecordFilter, $orderBy: RecordOrder, $first: Int, $after: String) {
    consumptionRecords(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
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
`);

export const CreateRecordDocument = graphql(`
  mutation CreateRecord($input: CreateConsumptionRecordInput!) {
    createConsumptionRecord(input: $input) {
      ...RecordFields
    }
  }
`);

export const CreateRecordsDocument = graphql(`
  mutation CreateRecords($input: [CreateConsumptionRecordInput!]!, $dryRun: Boolean) {
    createConsumptionRecords(input: $input, dryRun: $dryRun) {
      id
    }
  }
`);

export const UpdateRecordDocument = graphql(`
  mutation UpdateRecord($id: ID!, $input: UpdateConsumptionRecordInput!) {
    updateConsumptionRecord(id: $id, input: $input) {
      ...RecordFields
    }
  }
`);

export const DeleteRecordDocument = graphql(`
  mutation DeleteRecord($id: ID!) {
    deleteConsumptionRecord(id: $id)
  }
`);

export const SeriesFields = graphql(`
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
`);

export const DashboardDocument = graphql(`
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
`);

/** The series alone, for the dashboard's overlay of the same range a year earlier. */
export const YearEarlierSeriesDocument = graphql(`
  query YearEarlierSeries($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {
    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {
      ...SeriesFields
    }
  }
`);

export const ReadingFields = graphql(`
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
`);

export const MeterFields = graphql(`
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
`);

export const MetersDocument = graphql(`
  query Meters {
    meters {
      ...MeterFields
    }
  }
`);

export const MeterReadingsDocument = graphql(`
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
`);

export const CreateMeterDocument = graphql(`
  mutation CreateMeter($input: CreateMeterInput!) {
    createMeter(input: $input) {
      ...MeterFields
    }
  }
`);

export const UpdateMeterDocument = graphql(`
  mutation UpdateMeter($id: ID!, $input: UpdateMeterInput!) {
    updateMeter(id: $id, input: $input) {
      ...MeterFields
    }
  }
`);

export const DeleteMeterDocument = graphql(`
  mutation DeleteMeter($id: ID!) {
    deleteMeter(id: $id)
  }
`);

export const AddReadingDocument = graphql(`
  mutation AddReading($input: AddMeterReadingInput!) {
    addMeterReading(input: $input) {
      ...ReadingFields
    }
  }
`);

export const AddReadingsDocument = graphql(`
  mutation AddReadings($input: [AddMeterReadingInput!]!) {
    addMeterReadings(input: $input) {
      id
    }
  }
`);

export const UpdateReadingDocument = graphql(`
  mutation UpdateReading($id: ID!, $input: UpdateMeterReadingInput!) {
    updateMeterReading(id: $id, input: $input) {
      ...ReadingFields
    }
  }
`);

export const DeleteReadingDocument = graphql(`
  mutation DeleteReading($id: ID!) {
    deleteMeterReading(id: $id)
  }
`);

export const TariffFields = graphql(`
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
`);

export const TariffsDocument = graphql(`
  query Tariffs {
    tariffs {
      ...TariffFields
    }
  }
`);

export const CreateTariffDocument = graphql(`
  mutation CreateTariff($input: CreateTariffInput!) {
    createTariff(input: $input) {
      ...TariffFields
    }
  }
`);

export const UpdateTariffDocument = graphql(`
  mutation UpdateTariff($id: ID!, $input: UpdateTariffInput!) {
    updateTariff(id: $id, input: $input) {
      ...TariffFields
    }
  }
`);

export const DeleteTariffDocument = graphql(`
  mutation DeleteTariff($id: ID!) {
    deleteTariff(id: $id)
  }
`);
export const BudgetFields = graphql(`
  fragment BudgetFields on Budget {
    id
    type
    granularity
    measure
    limit
    unit
  }
`);

export const ForecastFields = graphql(`
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
`);

// The forecast of each type held against its budget of amount, and again
// against its budget of cost.
export const BudgetsDocument = graphql(`
  query Budgets($granularity: PeriodGranularity!, $units: UnitsInput) {
    budgets {
      ...BudgetFields
    }
    consumptionForecast(granularity: $granularity, units: $units, measure: AMOUNT) {
      ...ForecastFields
    }
    costForecast: consumptionForecast(granularity: $granularity, units: $units, measure: COST) {
      ...ForecastFields
    }
  }
`);

export const SetBudgetDocument = graphql(`
  mutation SetBudget($input: SetBudgetInput!) {
    setBudget(input: $input) {
      ...BudgetFields
    }
  }
`);

export const DeleteBudgetDocument = graphql(`
  mutation DeleteBudget($id: ID!) {
    deleteBudget(id: $id)
  }
`);

// Whether the account is empty (and may take sample data), or holds sample
// data that may be removed.
export const SampleDataStateDocument = graphql(`
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
`);

export const LoadSampleDataDocument = graphql(`
  mutation LoadSampleData {
    loadSampleData
  }
`);

export const RemoveSampleDataDocument = graphql(`
  mutation RemoveSampleData {
    removeSampleData
  }
`);

export const ApiTokenFields = graphql(`
  fragment ApiTokenFields on ApiToken {
    id
    name
    scope
    createdAt
    expiresAt
    lastUsedAt
  }
`);

export const ApiTokensDocument = graphql(`
  query ApiTokens {
    apiTokens {
      ...ApiTokenFields
    }
  }
`);

export const CreateApiTokenDocument = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        ...ApiTokenFields
      }
    }
  }
`);

export const RevokeApiTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id)
  }
`);

// The live feed asks only what changed: the queries that show records read
// them afresh (see live.ts).
export const ConsumptionChangedDocument = graphql(`
  subscription ConsumptionChanged {
    consumptionChanged {
      kind
      id
    }
  }
`);
