/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A kind of consumption. */
export type ConsumptionType =
  /** Electricity, measured in `WH`, `KWH` or `MWH`. */
  | 'ELECTRICITY'
  /** Gas, measured in `CUBIC_METER` or `KWH`. */
  | 'GAS'
  /** Water, measured in `LITER` or `CUBIC_METER`. */
  | 'WATER';

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

export type ChangedRecordsQueryVariables = Exact<{
  since?: string | null | undefined;
  after?: string | null | undefined;
}>;


export type ChangedRecordsQuery = { consumptionRecords: { edges: Array<{ node: { id: string, type: ConsumptionType, amount: string, unit: Unit, periodStart: string, periodEnd: string, source: RecordSource, updatedAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DeletedRecordsQueryVariables = Exact<{
  since: string;
  after?: string | number | null | undefined;
}>;


export type DeletedRecordsQuery = { deletedConsumptionRecords: Array<{ id: string, type: ConsumptionType, deletedAt: string }> };

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

export const ChangedRecordsDocument = new TypedDocumentString(`
    query ChangedRecords($since: DateTime, $after: String) {
  consumptionRecords(
    filter: {updatedSince: $since}
    orderBy: {field: UPDATED_AT, direction: ASC}
    first: 500
    after: $after
  ) {
    edges {
      node {
        id
        type
        amount
        unit
        periodStart
        periodEnd
        source
        updatedAt
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ChangedRecordsQuery, ChangedRecordsQueryVariables>;
export const DeletedRecordsDocument = new TypedDocumentString(`
    query DeletedRecords($since: DateTime!, $after: ID) {
  deletedConsumptionRecords(since: $since, first: 1000, after: $after) {
    id
    type
    deletedAt
  }
}
    `) as unknown as TypedDocumentString<DeletedRecordsQuery, DeletedRecordsQueryVariables>;