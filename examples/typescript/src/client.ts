import type { TypedDocumentString } from './gql/graphql.js';

/** An error the API answered with: its message and extensions.code. */
export class APIError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/**
 * A client of the consumption server's GraphQL endpoint with an API token.
 * Each document is typed by graphql-codegen: what it asks and what it
 * answers are checked at compile time.
 */
export class ConsumptionClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /**
   * Sends one operation and returns its data. When the server is busy or
   * throttling (RATE_LIMITED, SERVICE_UNAVAILABLE), it waits as long as
   * Retry-After says and tries again, a few times.
   */
  async request<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables): Promise<TResult> {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(new URL('/graphql', this.url), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
          Authorization: `Bearer ${this.token}`,
        },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
      if (response.status === 401) {
        throw new APIError('The API token is no longer valid (revoked or expired); make a new one.', 'UNAUTHENTICATED');
      }
      const body = (await response.json()) as GraphQLResponse<TResult>;
      const error = body.errors?.[0];
      if (!error && body.data) {
        return body.data;
      }
      const code = error?.extensions?.code ?? 'UNKNOWN';
      const retryAfter = Number(response.headers.get('Retry-After'));
      if ((code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') && retryAfter > 0 && attempt < 4) {
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
        continue;
      }
      throw new APIError(error?.message ?? `HTTP ${response.status}`, code, error?.extensions?.field);
    }
  }
}
