// The one GraphQL client of the dashboard: it sends typed documents to
// /graphql with the access token attached, renews the token before it
// expires (or once, when the server answers 401), and turns error answers
// into ApiError values that forms can show on the field at fault.

import type { TypedDocumentString } from '../gql/graphql';
import { session, type Session } from './session';

/** One error of a GraphQL answer, with the extensions this server sends. */
export interface ErrorItem {
  message: string;
  code: string;
  /** The input field at fault (BAD_USER_INPUT). */
  field?: string;
  /** Which item of a bulk input is at fault (BAD_USER_INPUT). */
  index?: number;
  /** The record a new one overlaps (CONFLICT). */
  conflictingId?: string;
  /** Seconds to wait before trying again (RATE_LIMITED). */
  retryAfter?: number;
}

/** An answer with errors, or a request that got no answer. */
export class ApiError extends Error {
  constructor(readonly errors: ErrorItem[]) {
    super(errors[0]?.message ?? 'The request failed.');
    this.name = 'ApiError';
  }

  get code(): string {
    return this.errors[0]?.code ?? 'UNKNOWN';
  }

  /** The first error on field, if any. */
  forField(field: string): ErrorItem | undefined {
    return this.errors.find((e) => e.field === field);
  }
}

/** Whether an error means the session is over and the person must sign in again. */
export function isSignedOut(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'UNAUTHENTICATED';
}

/** A sentence for a person, whatever went wrong. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const first = e.errors[0];
    if (first?.code === 'RATE_LIMITED' && first.retryAfter) {
      // The server's own wording of the wait ("14m59s") is for machines.
      const reason = first.message.split(/[;,.]\s*try again/i)[0]!.replace(/\.?$/, '.');
      return `${reason} Try again in ${formatWait(first.retryAfter)}.`;
    }
    if (first?.code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on the server. Please try again in a moment.';
    return e.message;
  }
  if (e instanceof Error && e.name === 'AbortError') return 'The request was cancelled.';
  return 'The server could not be reached. Check your connection and try again.';
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** What a GraphQL endpoint answers. */
export interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[];
}

const ENDPOINT = '/graphql';

/**
 * Sends one operation as it is (as the playground does), with the access
 * token attached, and returns the answer's JSON untouched. A 401 (the token
 * was refused) renews the token once and sends the request again.
 */
export async function send(
  body: { query: string; variables?: unknown; operationName?: string | null },
  opts: { auth?: boolean; signal?: AbortSignal } = {},
): Promise<GraphQLResponse> {
  const auth = opts.auth ?? true;
  let token = auth ? await session.accessToken() : null;
  for (let attempt = 0; ; attempt++) {
    const res = await post(body, token, opts.signal);
    if (res.status === 401 && auth && token && attempt === 0) {
      const renewed = await session.refresh(token);
      if (!renewed) {
        return { errors: [{ message: 'Your session has ended; please sign in again.', extensions: { code: 'UNAUTHENTICATED' } }] };
      }
      token = renewed.accessToken;
      continue;
    }
    return readResponse(res);
  }
}

async function post(body: unknown, token: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify(body), signal: signal ?? null });
}

async function readResponse(res: Response): Promise<GraphQLResponse> {
  const type = res.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return (await res.json()) as GraphQLResponse;
    } catch {
      // fall through to the generic answer below
    }
  }
  if (res.status === 413) return { errors: [{ message: 'The request is too large; send fewer records at once.', extensions: { code: 'BAD_REQUEST' } }] };
  return {
    errors: [{ message: `The server answered ${res.status} ${res.statusText}. Please try again.`, extensions: { code: 'HTTP_ERROR' } }],
  };
}

function toErrorItems(errors: NonNullable<GraphQLResponse['errors']>): ErrorItem[] {
  return errors.map((e) => {
    const x = e.extensions ?? {};
    const item: ErrorItem = { message: e.message, code: typeof x.code === 'string' ? x.code : 'UNKNOWN' };
    if (typeof x.field === 'string') item.field = x.field;
    if (typeof x.index === 'number') item.index = x.index;
    if (typeof x.conflictingId === 'string') item.conflictingId = x.conflictingId;
    if (typeof x.retryAfter === 'number') item.retryAfter = x.retryAfter;
    return item;
  });
}

/**
 * Runs a typed document and returns its data, or throws ApiError. An
 * UNAUTHENTICATED answer to a signed-in request ends the session here, so
 * that every page sends the person to the sign-in form the same way.
 */
export async function request<TResult, TVariables>(
  doc: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  opts: { auth?: boolean; signal?: AbortSignal } = {},
): Promise<TResult> {
  let res: GraphQLResponse;
  try {
    res = await send({ query: doc.toString(), variables }, opts);
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') throw e;
    throw new ApiError([{ message: describeError(e), code: 'NETWORK_ERROR' }]);
  }
  if (res.errors && res.errors.length > 0) {
    const err = new ApiError(toErrorItems(res.errors));
    if ((opts.auth ?? true) && err.code === 'UNAUTHENTICATED') session.end('expired');
    throw err;
  }
  return res.data as TResult;
}

export type { Session };
