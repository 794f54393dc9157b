/* eslint-disable */
import * as types from './graphql.js';



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
    "\n  query ChangedRecords($since: DateTime, $after: String) {\n    consumptionRecords(filter: { updatedSince: $since }, orderBy: { field: UPDATED_AT, direction: ASC }, first: 500, after: $after) {\n      edges {\n        node {\n          id\n          type\n          amount\n          unit\n          periodStart\n          periodEnd\n          source\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ChangedRecordsDocument,
    "\n  query DeletedRecords($since: DateTime!, $after: ID) {\n    deletedConsumptionRecords(since: $since, first: 1000, after: $after) {\n      id\n      type\n      deletedAt\n    }\n  }\n": typeof types.DeletedRecordsDocument,
};
const documents: Documents = {
    "\n  query ChangedRecords($since: DateTime, $after: String) {\n    consumptionRecords(filter: { updatedSince: $since }, orderBy: { field: UPDATED_AT, direction: ASC }, first: 500, after: $after) {\n      edges {\n        node {\n          id\n          type\n          amount\n          unit\n          periodStart\n          periodEnd\n          source\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ChangedRecordsDocument,
    "\n  query DeletedRecords($since: DateTime!, $after: ID) {\n    deletedConsumptionRecords(since: $since, first: 1000, after: $after) {\n      id\n      type\n      deletedAt\n    }\n  }\n": types.DeletedRecordsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ChangedRecords($since: DateTime, $after: String) {\n    consumptionRecords(filter: { updatedSince: $since }, orderBy: { field: UPDATED_AT, direction: ASC }, first: 500, after: $after) {\n      edges {\n        node {\n          id\n          type\n          amount\n          unit\n          periodStart\n          periodEnd\n          source\n          updatedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql.js').ChangedRecordsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeletedRecords($since: DateTime!, $after: ID) {\n    deletedConsumptionRecords(since: $since, first: 1000, after: $after) {\n      id\n      type\n      deletedAt\n    }\n  }\n"): typeof import('./graphql.js').DeletedRecordsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
