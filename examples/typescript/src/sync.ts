// Prints, as one line of JSON, the records created or changed since a time
// and those deleted since: what a copy of them needs to catch up.
//
//   CONSUMPTION_URL=http://localhost:8080 CONSUMPTION_TOKEN=cst_... node dist/sync.js [SINCE]
//
// Without SINCE (an RFC 3339 time), every record and no deletion.

import { ConsumptionClient } from './client.js';
import { graphql } from './gql/index.js';
import type { ChangedRecordsQuery, DeletedRecordsQuery } from './gql/graphql.js';

const ChangedRecords = graphql(`
  query ChangedRecords($since: DateTime, $after: String) {
    consumptionRecords(filter: { updatedSince: $since }, orderBy: { field: UPDATED_AT, direction: ASC }, first: 500, after: $after) {
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
`);

const DeletedRecords = graphql(`
  query DeletedRecords($since: DateTime!, $after: ID) {
    deletedConsumptionRecords(since: $since, first: 1000, after: $after) {
      id
      type
      deletedAt
    }
  }
`);

type ChangedRecord = ChangedRecordsQuery['consumptionRecords']['edges'][number]['node'];
type DeletedRecord = DeletedRecordsQuery['deletedConsumptionRecords'][number];

async function changedSince(client: ConsumptionClient, since: string | null): Promise<ChangedRecord[]> {
  const out: ChangedRecord[] = [];
  let after: string | null = null;
  for (;;) {
    const result: ChangedRecordsQuery = await client.request(ChangedRecords, { since, after });
    const page = result.consumptionRecords;
    out.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor ?? null;
  }
}

async function deletedSince(client: ConsumptionClient, since: string): Promise<DeletedRecord[]> {
  const out: DeletedRecord[] = [];
  let from = since;
  let after: string | null = null;
  for (;;) {
    const result: DeletedRecordsQuery = await client.request(DeletedRecords, { since: from, after });
    const page = result.deletedConsumptionRecords;
    out.push(...page);
    const last = page.at(-1);
    if (page.length < 1000 || !last) return out;
    from = last.deletedAt;
    after = last.id;
  }
}

const url = process.env.CONSUMPTION_URL ?? 'http://localhost:8080';
const token = process.env.CONSUMPTION_TOKEN;
if (!token) {
  console.error('Set CONSUMPTION_TOKEN to an API token (cst_...), made in the dashboard\'s settings.');
  process.exit(2);
}
const since = process.argv[2] ?? null;
const client = new ConsumptionClient(url, token);
const changed = await changedSince(client, since);
const deleted = since === null ? [] : await deletedSince(client, since);
// The latest change seen, to ask from (a few minutes before it) next time.
const latest = [...changed.map((r) => r.updatedAt), ...deleted.map((d) => d.deletedAt)].reduce<string | null>(
  (a, b) => (a === null || Date.parse(b) > Date.parse(a) ? b : a),
  null,
);
console.log(JSON.stringify({ changed, deleted, latest }));
