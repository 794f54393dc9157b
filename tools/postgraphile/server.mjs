// The peer that `go run ./bench -peer` measures the server against:
// PostGraphile V5 with @graphile/pg-aggregates (and the connection filter, for
// date ranges), on the benchmark's database, with the same row-level
// security as the server. Each request's bearer token is verified here (HS256,
// the server's issuer and audience, expiry required) and becomes the
// transaction settings the server sets itself: the role consumption_user and
// app.user_id, so that the records table's policy shows each user only their
// own rows.
//
// Configured by the environment: DATABASE_URL, PORT, JWT_SECRET (the key, as
// the server takes it), JWT_ISSUER, JWT_AUDIENCE, POOL_SIZE.
import { createServer } from "node:http";

import { PgAggregatesPreset } from "@graphile/pg-aggregates";
import jwt from "jsonwebtoken";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`postgraphile peer: ${name} is not set`);
  return v;
};
const secret = env("JWT_SECRET");
const verifyOptions = {
  algorithms: ["HS256"],
  issuer: env("JWT_ISSUER"),
  audience: env("JWT_AUDIENCE"),
};

// pg-aggregates groups timestamps by hour and day; a monthly series of a
// date column needs a derivative of its own, which the plugin's README shows
// how to add: date_trunc to the month, back to a date.
const TruncatedToMonthPlugin = {
  name: "TruncatedToMonthPlugin",
  version: "1.0.0",
  after: ["PgAggregatesSpecsPlugin"],
  schema: {
    hooks: {
      build(build) {
        const { sql, dataplanPg: { TYPES } } = build;
        build.pgAggregateGroupBySpecs.push({
          id: "truncated-to-month",
          isSuitableType: (codec) => codec === TYPES.date,
          sqlWrap: (frag) => sql`date_trunc('month', ${frag})::date`,
          sqlWrapCodec: (codec) => codec,
        });
        return build;
      },
    },
  },
};

const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  plugins: [TruncatedToMonthPlugin],
  pgServices: [
    makePgService({
      connectionString: env("DATABASE_URL"),
      schemas: ["public"],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 20) },
    }),
  ],
  grafserv: { graphiql: false, watch: false },
  grafast: {
    explain: false,
    // The signed-in user, from the bearer token, as the server finds it.
    context(requestContext) {
      const header = requestContext.node?.req?.headers?.authorization ?? "";
      const [scheme, token] = header.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !token) {
        throw Object.assign(new Error("sign in first"), { statusCode: 401 });
      }
      const claims = jwt.verify(token, secret, verifyOptions);
      if (typeof claims !== "object" || !claims.sub || !claims.exp) {
        throw Object.assign(new Error("invalid token"), { statusCode: 401 });
      }
      return { pgSettings: { role: "consumption_user", "app.user_id": claims.sub } };
    },
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (e) => {
  console.error(e);
  process.exit(1);
});
await serv.addTo(server);
server.listen(Number(env("PORT")), "127.0.0.1", () => {
  console.log(`postgraphile peer listening on 127.0.0.1:${env("PORT")}`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    server.close();
    await pgl.release();
    process.exit(0);
  });
}
