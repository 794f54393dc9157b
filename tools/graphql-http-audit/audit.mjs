// Runs the graphql-http audit suite against the GraphQL endpoint named by the
// first argument and prints one JSON line: the count of each status and every
// audit that did not pass. It exits 1 when any audit is an error or a warning.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
const failed = [];
for (const r of results) {
  counts[r.status]++;
  if (r.status !== 'ok') {
    let body = '';
    try {
      body = await r.response.text();
    } catch {
      // The body was read by the audit itself.
    }
    failed.push({ id: r.id, status: r.status, name: r.name, reason: r.reason, httpStatus: r.response.status, body: body.slice(0, 300) });
  }
}
console.log(JSON.stringify({ total: results.length, counts, failed }));
process.exit(counts.error + counts.warn > 0 ? 1 : 0);
