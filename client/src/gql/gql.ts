/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n    }\n  }\n": typeof types.SessionFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": typeof types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n": typeof types.UpdateSettingsDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": typeof types.DeleteAccountDocument,
    "\n  fragment RecordFields on ConsumptionRecord {\n    id\n    type\n    amount\n    unit\n    periodStart\n    periodEnd\n    notes\n    source\n    cost\n    createdAt\n    updatedAt\n  }\n": typeof types.RecordFieldsFragmentDoc,
    "\n  query Records($filter: RecordFilter, $orderBy: RecordOrder, $first: Int, $after: String) {\n    consumptionRecords(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RecordFields\n        }\n      }\n    }\n  }\n": typeof types.RecordsDocument,
    "\n  mutation CreateRecord($input: CreateConsumptionRecordInput!) {\n    createConsumptionRecord(input: $input) {\n      ...RecordFields\n    }\n  }\n": typeof types.CreateRecordDocument,
    "\n  mutation CreateRecords($input: [CreateConsumptionRecordInput!]!, $dryRun: Boolean) {\n    createConsumptionRecords(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n": typeof types.CreateRecordsDocument,
    "\n  mutation UpdateRecord($id: ID!, $input: UpdateConsumptionRecordInput!) {\n    updateConsumptionRecord(id: $id, input: $input) {\n      ...RecordFields\n    }\n  }\n": typeof types.UpdateRecordDocument,
    "\n  mutation DeleteRecord($id: ID!) {\n    deleteConsumptionRecord(id: $id)\n  }\n": typeof types.DeleteRecordDocument,
    "\n  fragment SeriesFields on ConsumptionSeries {\n    type\n    unit\n    total\n    currency\n    totalCost\n    costCoverage\n    points {\n      periodStart\n      periodEnd\n      amount\n      coverage\n      cost\n      costCoverage\n    }\n  }\n": typeof types.SeriesFieldsFragmentDoc,
    "\n  query Dashboard($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSummary(filter: $filter, units: $units) {\n      from\n      to\n      byType {\n        type\n        unit\n        total\n        recordCount\n        dailyAverage\n        monthlyAverage\n        coverage\n        previousPeriodTotal\n        previousYearTotal\n        previousPeriodCoverage\n        previousYearCoverage\n        changeFromPreviousPeriod\n        changeFromPreviousYear\n        currency\n        cost\n        costCoverage\n        previousPeriodCost\n        previousYearCost\n      }\n    }\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query YearEarlierSeries($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n": typeof types.YearEarlierSeriesDocument,
    "\n  fragment ReadingFields on MeterReading {\n    id\n    readOn\n    value\n    estimated\n    notes\n    period {\n      id\n      periodStart\n      periodEnd\n      amount\n    }\n  }\n": typeof types.ReadingFieldsFragmentDoc,
    "\n  fragment MeterFields on Meter {\n    id\n    type\n    unit\n    name\n    serialNumber\n    digits\n    installedOn\n    removedOn\n    latestReading {\n      ...ReadingFields\n    }\n  }\n": typeof types.MeterFieldsFragmentDoc,
    "\n  query Meters {\n    meters {\n      ...MeterFields\n    }\n  }\n": typeof types.MetersDocument,
    "\n  query MeterReadings($id: ID!, $first: Int, $after: String) {\n    meter(id: $id) {\n      ...MeterFields\n      readings(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ReadingFields\n          }\n        }\n      }\n    }\n  }\n": typeof types.MeterReadingsDocument,
    "\n  mutation CreateMeter($input: CreateMeterInput!) {\n    createMeter(input: $input) {\n      ...MeterFields\n    }\n  }\n": typeof types.CreateMeterDocument,
    "\n  mutation UpdateMeter($id: ID!, $input: UpdateMeterInput!) {\n    updateMeter(id: $id, input: $input) {\n      ...MeterFields\n    }\n  }\n": typeof types.UpdateMeterDocument,
    "\n  mutation DeleteMeter($id: ID!) {\n    deleteMeter(id: $id)\n  }\n": typeof types.DeleteMeterDocument,
    "\n  mutation AddReading($input: AddMeterReadingInput!) {\n    addMeterReading(input: $input) {\n      ...ReadingFields\n    }\n  }\n": typeof types.AddReadingDocument,
    "\n  mutation AddReadings($input: [AddMeterReadingInput!]!) {\n    addMeterReadings(input: $input) {\n      id\n    }\n  }\n": typeof types.AddReadingsDocument,
    "\n  mutation UpdateReading($id: ID!, $input: UpdateMeterReadingInput!) {\n    updateMeterReading(id: $id, input: $input) {\n      ...ReadingFields\n    }\n  }\n": typeof types.UpdateReadingDocument,
    "\n  mutation DeleteReading($id: ID!) {\n    deleteMeterReading(id: $id)\n  }\n": typeof types.DeleteReadingDocument,
    "\n  fragment TariffFields on Tariff {\n    id\n    type\n    name\n    validFrom\n    validTo\n    unitPrice\n    priceUnit\n    standingChargePerDay\n    taxRate\n  }\n": typeof types.TariffFieldsFragmentDoc,
    "\n  query Tariffs {\n    tariffs {\n      ...TariffFields\n    }\n  }\n": typeof types.TariffsDocument,
    "\n  mutation CreateTariff($input: CreateTariffInput!) {\n    createTariff(input: $input) {\n      ...TariffFields\n    }\n  }\n": typeof types.CreateTariffDocument,
    "\n  mutation UpdateTariff($id: ID!, $input: UpdateTariffInput!) {\n    updateTariff(id: $id, input: $input) {\n      ...TariffFields\n    }\n  }\n": typeof types.UpdateTariffDocument,
    "\n  mutation DeleteTariff($id: ID!) {\n    deleteTariff(id: $id)\n  }\n": typeof types.DeleteTariffDocument,
    "\n  fragment BudgetFields on Budget {\n    id\n    type\n    granularity\n    measure\n    limit\n    unit\n  }\n": typeof types.BudgetFieldsFragmentDoc,
    "\n  fragment ForecastFields on Forecast {\n    type\n    unit\n    periodStart\n    periodEnd\n    actualToDate\n    expectedTotal\n    low\n    high\n    expectedCost\n    currency\n    budget {\n      ...BudgetFields\n    }\n    expectedShareOfBudget\n    method\n  }\n": typeof types.ForecastFieldsFragmentDoc,
    "\n  query Budgets($granularity: PeriodGranularity!, $units: UnitsInput) {\n    budgets {\n      ...BudgetFields\n    }\n    consumptionForecast(granularity: $granularity, units: $units, measure: AMOUNT) {\n      ...ForecastFields\n    }\n    costForecast: consumptionForecast(granularity: $granularity, units: $units, measure: COST) {\n      ...ForecastFields\n    }\n  }\n": typeof types.BudgetsDocument,
    "\n  mutation SetBudget($input: SetBudgetInput!) {\n    setBudget(input: $input) {\n      ...BudgetFields\n    }\n  }\n": typeof types.SetBudgetDocument,
    "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n": typeof types.DeleteBudgetDocument,
    "\n  query SampleDataState {\n    me {\n      id\n      hasSampleData\n    }\n    consumptionRecords(first: 1) {\n      totalCount\n    }\n    meters {\n      id\n    }\n    tariffs {\n      id\n    }\n    budgets {\n      id\n    }\n  }\n": typeof types.SampleDataStateDocument,
    "\n  mutation LoadSampleData {\n    loadSampleData\n  }\n": typeof types.LoadSampleDataDocument,
    "\n  mutation RemoveSampleData {\n    removeSampleData\n  }\n": typeof types.RemoveSampleDataDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    scope\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  subscription ConsumptionChanged {\n    consumptionChanged {\n      kind\n      id\n    }\n  }\n": typeof types.ConsumptionChangedDocument,
};
const documents: Documents = {
    "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n    }\n  }\n": types.SessionFieldsFragmentDoc,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.RegisterDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n": types.RefreshDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n": types.MeDocument,
    "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n": types.UpdateSettingsDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n": types.ChangePasswordDocument,
    "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n": types.DeleteAccountDocument,
    "\n  fragment RecordFields on ConsumptionRecord {\n    id\n    type\n    amount\n    unit\n    periodStart\n    periodEnd\n    notes\n    source\n    cost\n    createdAt\n    updatedAt\n  }\n": types.RecordFieldsFragmentDoc,
    "\n  query Records($filter: RecordFilter, $orderBy: RecordOrder, $first: Int, $after: String) {\n    consumptionRecords(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RecordFields\n        }\n      }\n    }\n  }\n": types.RecordsDocument,
    "\n  mutation CreateRecord($input: CreateConsumptionRecordInput!) {\n    createConsumptionRecord(input: $input) {\n      ...RecordFields\n    }\n  }\n": types.CreateRecordDocument,
    "\n  mutation CreateRecords($input: [CreateConsumptionRecordInput!]!, $dryRun: Boolean) {\n    createConsumptionRecords(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n": types.CreateRecordsDocument,
    "\n  mutation UpdateRecord($id: ID!, $input: UpdateConsumptionRecordInput!) {\n    updateConsumptionRecord(id: $id, input: $input) {\n      ...RecordFields\n    }\n  }\n": types.UpdateRecordDocument,
    "\n  mutation DeleteRecord($id: ID!) {\n    deleteConsumptionRecord(id: $id)\n  }\n": types.DeleteRecordDocument,
    "\n  fragment SeriesFields on ConsumptionSeries {\n    type\n    unit\n    total\n    currency\n    totalCost\n    costCoverage\n    points {\n      periodStart\n      periodEnd\n      amount\n      coverage\n      cost\n      costCoverage\n    }\n  }\n": types.SeriesFieldsFragmentDoc,
    "\n  query Dashboard($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSummary(filter: $filter, units: $units) {\n      from\n      to\n      byType {\n        type\n        unit\n        total\n        recordCount\n        dailyAverage\n        monthlyAverage\n        coverage\n        previousPeriodTotal\n        previousYearTotal\n        previousPeriodCoverage\n        previousYearCoverage\n        changeFromPreviousPeriod\n        changeFromPreviousYear\n        currency\n        cost\n        costCoverage\n        previousPeriodCost\n        previousYearCost\n      }\n    }\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n": types.DashboardDocument,
    "\n  query YearEarlierSeries($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n": types.YearEarlierSeriesDocument,
    "\n  fragment ReadingFields on MeterReading {\n    id\n    readOn\n    value\n    estimated\n    notes\n    period {\n      id\n      periodStart\n      periodEnd\n      amount\n    }\n  }\n": types.ReadingFieldsFragmentDoc,
    "\n  fragment MeterFields on Meter {\n    id\n    type\n    unit\n    name\n    serialNumber\n    digits\n    installedOn\n    removedOn\n    latestReading {\n      ...ReadingFields\n    }\n  }\n": types.MeterFieldsFragmentDoc,
    "\n  query Meters {\n    meters {\n      ...MeterFields\n    }\n  }\n": types.MetersDocument,
    "\n  query MeterReadings($id: ID!, $first: Int, $after: String) {\n    meter(id: $id) {\n      ...MeterFields\n      readings(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ReadingFields\n          }\n        }\n      }\n    }\n  }\n": types.MeterReadingsDocument,
    "\n  mutation CreateMeter($input: CreateMeterInput!) {\n    createMeter(input: $input) {\n      ...MeterFields\n    }\n  }\n": types.CreateMeterDocument,
    "\n  mutation UpdateMeter($id: ID!, $input: UpdateMeterInput!) {\n    updateMeter(id: $id, input: $input) {\n      ...MeterFields\n    }\n  }\n": types.UpdateMeterDocument,
    "\n  mutation DeleteMeter($id: ID!) {\n    deleteMeter(id: $id)\n  }\n": types.DeleteMeterDocument,
    "\n  mutation AddReading($input: AddMeterReadingInput!) {\n    addMeterReading(input: $input) {\n      ...ReadingFields\n    }\n  }\n": types.AddReadingDocument,
    "\n  mutation AddReadings($input: [AddMeterReadingInput!]!) {\n    addMeterReadings(input: $input) {\n      id\n    }\n  }\n": types.AddReadingsDocument,
    "\n  mutation UpdateReading($id: ID!, $input: UpdateMeterReadingInput!) {\n    updateMeterReading(id: $id, input: $input) {\n      ...ReadingFields\n    }\n  }\n": types.UpdateReadingDocument,
    "\n  mutation DeleteReading($id: ID!) {\n    deleteMeterReading(id: $id)\n  }\n": types.DeleteReadingDocument,
    "\n  fragment TariffFields on Tariff {\n    id\n    type\n    name\n    validFrom\n    validTo\n    unitPrice\n    priceUnit\n    standingChargePerDay\n    taxRate\n  }\n": types.TariffFieldsFragmentDoc,
    "\n  query Tariffs {\n    tariffs {\n      ...TariffFields\n    }\n  }\n": types.TariffsDocument,
    "\n  mutation CreateTariff($input: CreateTariffInput!) {\n    createTariff(input: $input) {\n      ...TariffFields\n    }\n  }\n": types.CreateTariffDocument,
    "\n  mutation UpdateTariff($id: ID!, $input: UpdateTariffInput!) {\n    updateTariff(id: $id, input: $input) {\n      ...TariffFields\n    }\n  }\n": types.UpdateTariffDocument,
    "\n  mutation DeleteTariff($id: ID!) {\n    deleteTariff(id: $id)\n  }\n": types.DeleteTariffDocument,
    "\n  fragment BudgetFields on Budget {\n    id\n    type\n    granularity\n    measure\n    limit\n    unit\n  }\n": types.BudgetFieldsFragmentDoc,
    "\n  fragment ForecastFields on Forecast {\n    type\n    unit\n    periodStart\n    periodEnd\n    actualToDate\n    expectedTotal\n    low\n    high\n    expectedCost\n    currency\n    budget {\n      ...BudgetFields\n    }\n    expectedShareOfBudget\n    method\n  }\n": types.ForecastFieldsFragmentDoc,
    "\n  query Budgets($granularity: PeriodGranularity!, $units: UnitsInput) {\n    budgets {\n      ...BudgetFields\n    }\n    consumptionForecast(granularity: $granularity, units: $units, measure: AMOUNT) {\n      ...ForecastFields\n    }\n    costForecast: consumptionForecast(granularity: $granularity, units: $units, measure: COST) {\n      ...ForecastFields\n    }\n  }\n": types.BudgetsDocument,
    "\n  mutation SetBudget($input: SetBudgetInput!) {\n    setBudget(input: $input) {\n      ...BudgetFields\n    }\n  }\n": types.SetBudgetDocument,
    "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n": types.DeleteBudgetDocument,
    "\n  query SampleDataState {\n    me {\n      id\n      hasSampleData\n    }\n    consumptionRecords(first: 1) {\n      totalCount\n    }\n    meters {\n      id\n    }\n    tariffs {\n      id\n    }\n    budgets {\n      id\n    }\n  }\n": types.SampleDataStateDocument,
    "\n  mutation LoadSampleData {\n    loadSampleData\n  }\n": types.LoadSampleDataDocument,
    "\n  mutation RemoveSampleData {\n    removeSampleData\n  }\n": types.RemoveSampleDataDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    scope\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": types.RevokeApiTokenDocument,
    "\n  subscription ConsumptionChanged {\n    consumptionChanged {\n      kind\n      id\n    }\n  }\n": types.ConsumptionChangedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SessionFields on AuthPayload {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n    }\n  }\n"): typeof import('./graphql').SessionFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($refreshToken: String!) {\n    refreshToken(refreshToken: $refreshToken) {\n      ...SessionFields\n    }\n  }\n"): typeof import('./graphql').RefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSettings($input: UpdateSettingsInput!) {\n    updateSettings(input: $input) {\n      id\n      email\n      timeZone\n      gasKwhPerCubicMeter\n      currency\n      createdAt\n    }\n  }\n"): typeof import('./graphql').UpdateSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input)\n  }\n"): typeof import('./graphql').ChangePasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAccount($password: String!) {\n    deleteAccount(password: $password)\n  }\n"): typeof import('./graphql').DeleteAccountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RecordFields on ConsumptionRecord {\n    id\n    type\n    amount\n    unit\n    periodStart\n    periodEnd\n    notes\n    source\n    cost\n    createdAt\n    updatedAt\n  }\n"): typeof import('./graphql').RecordFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Records($filter: RecordFilter, $orderBy: RecordOrder, $first: Int, $after: String) {\n    consumptionRecords(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...RecordFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').RecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRecord($input: CreateConsumptionRecordInput!) {\n    createConsumptionRecord(input: $input) {\n      ...RecordFields\n    }\n  }\n"): typeof import('./graphql').CreateRecordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRecords($input: [CreateConsumptionRecordInput!]!, $dryRun: Boolean) {\n    createConsumptionRecords(input: $input, dryRun: $dryRun) {\n      id\n    }\n  }\n"): typeof import('./graphql').CreateRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRecord($id: ID!, $input: UpdateConsumptionRecordInput!) {\n    updateConsumptionRecord(id: $id, input: $input) {\n      ...RecordFields\n    }\n  }\n"): typeof import('./graphql').UpdateRecordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRecord($id: ID!) {\n    deleteConsumptionRecord(id: $id)\n  }\n"): typeof import('./graphql').DeleteRecordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeriesFields on ConsumptionSeries {\n    type\n    unit\n    total\n    currency\n    totalCost\n    costCoverage\n    points {\n      periodStart\n      periodEnd\n      amount\n      coverage\n      cost\n      costCoverage\n    }\n  }\n"): typeof import('./graphql').SeriesFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSummary(filter: $filter, units: $units) {\n      from\n      to\n      byType {\n        type\n        unit\n        total\n        recordCount\n        dailyAverage\n        monthlyAverage\n        coverage\n        previousPeriodTotal\n        previousYearTotal\n        previousPeriodCoverage\n        previousYearCoverage\n        changeFromPreviousPeriod\n        changeFromPreviousYear\n        currency\n        cost\n        costCoverage\n        previousPeriodCost\n        previousYearCost\n      }\n    }\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n"): typeof import('./graphql').DashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query YearEarlierSeries($filter: AggregateFilter!, $granularity: Granularity!, $units: UnitsInput) {\n    consumptionSeries(filter: $filter, granularity: $granularity, units: $units) {\n      ...SeriesFields\n    }\n  }\n"): typeof import('./graphql').YearEarlierSeriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReadingFields on MeterReading {\n    id\n    readOn\n    value\n    estimated\n    notes\n    period {\n      id\n      periodStart\n      periodEnd\n      amount\n    }\n  }\n"): typeof import('./graphql').ReadingFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MeterFields on Meter {\n    id\n    type\n    unit\n    name\n    serialNumber\n    digits\n    installedOn\n    removedOn\n    latestReading {\n      ...ReadingFields\n    }\n  }\n"): typeof import('./graphql').MeterFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Meters {\n    meters {\n      ...MeterFields\n    }\n  }\n"): typeof import('./graphql').MetersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MeterReadings($id: ID!, $first: Int, $after: String) {\n    meter(id: $id) {\n      ...MeterFields\n      readings(first: $first, after: $after) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ReadingFields\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MeterReadingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMeter($input: CreateMeterInput!) {\n    createMeter(input: $input) {\n      ...MeterFields\n    }\n  }\n"): typeof import('./graphql').CreateMeterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMeter($id: ID!, $input: UpdateMeterInput!) {\n    updateMeter(id: $id, input: $input) {\n      ...MeterFields\n    }\n  }\n"): typeof import('./graphql').UpdateMeterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMeter($id: ID!) {\n    deleteMeter(id: $id)\n  }\n"): typeof import('./graphql').DeleteMeterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddReading($input: AddMeterReadingInput!) {\n    addMeterReading(input: $input) {\n      ...ReadingFields\n    }\n  }\n"): typeof import('./graphql').AddReadingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddReadings($input: [AddMeterReadingInput!]!) {\n    addMeterReadings(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').AddReadingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateReading($id: ID!, $input: UpdateMeterReadingInput!) {\n    updateMeterReading(id: $id, input: $input) {\n      ...ReadingFields\n    }\n  }\n"): typeof import('./graphql').UpdateReadingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteReading($id: ID!) {\n    deleteMeterReading(id: $id)\n  }\n"): typeof import('./graphql').DeleteReadingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TariffFields on Tariff {\n    id\n    type\n    name\n    validFrom\n    validTo\n    unitPrice\n    priceUnit\n    standingChargePerDay\n    taxRate\n  }\n"): typeof import('./graphql').TariffFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Tariffs {\n    tariffs {\n      ...TariffFields\n    }\n  }\n"): typeof import('./graphql').TariffsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTariff($input: CreateTariffInput!) {\n    createTariff(input: $input) {\n      ...TariffFields\n    }\n  }\n"): typeof import('./graphql').CreateTariffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTariff($id: ID!, $input: UpdateTariffInput!) {\n    updateTariff(id: $id, input: $input) {\n      ...TariffFields\n    }\n  }\n"): typeof import('./graphql').UpdateTariffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteTariff($id: ID!) {\n    deleteTariff(id: $id)\n  }\n"): typeof import('./graphql').DeleteTariffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BudgetFields on Budget {\n    id\n    type\n    granularity\n    measure\n    limit\n    unit\n  }\n"): typeof import('./graphql').BudgetFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ForecastFields on Forecast {\n    type\n    unit\n    periodStart\n    periodEnd\n    actualToDate\n    expectedTotal\n    low\n    high\n    expectedCost\n    currency\n    budget {\n      ...BudgetFields\n    }\n    expectedShareOfBudget\n    method\n  }\n"): typeof import('./graphql').ForecastFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Budgets($granularity: PeriodGranularity!, $units: UnitsInput) {\n    budgets {\n      ...BudgetFields\n    }\n    consumptionForecast(granularity: $granularity, units: $units, measure: AMOUNT) {\n      ...ForecastFields\n    }\n    costForecast: consumptionForecast(granularity: $granularity, units: $units, measure: COST) {\n      ...ForecastFields\n    }\n  }\n"): typeof import('./graphql').BudgetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetBudget($input: SetBudgetInput!) {\n    setBudget(input: $input) {\n      ...BudgetFields\n    }\n  }\n"): typeof import('./graphql').SetBudgetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBudget($id: ID!) {\n    deleteBudget(id: $id)\n  }\n"): typeof import('./graphql').DeleteBudgetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SampleDataState {\n    me {\n      id\n      hasSampleData\n    }\n    consumptionRecords(first: 1) {\n      totalCount\n    }\n    meters {\n      id\n    }\n    tariffs {\n      id\n    }\n    budgets {\n      id\n    }\n  }\n"): typeof import('./graphql').SampleDataStateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LoadSampleData {\n    loadSampleData\n  }\n"): typeof import('./graphql').LoadSampleDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveSampleData {\n    removeSampleData\n  }\n"): typeof import('./graphql').RemoveSampleDataDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    scope\n    createdAt\n    expiresAt\n    lastUsedAt\n  }\n"): typeof import('./graphql').ApiTokenFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens {\n    apiTokens {\n      ...ApiTokenFields\n    }\n  }\n"): typeof import('./graphql').ApiTokensDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"): typeof import('./graphql').RevokeApiTokenDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsumptionChanged {\n    consumptionChanged {\n      kind\n      id\n    }\n  }\n"): typeof import('./graphql').ConsumptionChangedDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
