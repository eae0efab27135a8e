import type { FileError } from './files.js';

/** The closed set of error codes; one table maps them to HTTP status. */
export const errorStatus = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type FieldIssue = { path: string; code: string; message: string };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
    /** More fields for the error body, e.g. the states a case may move to from here. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = (what = 'Not found') => new AppError('not_found', what);
export const forbidden = (why = 'Not allowed') => new AppError('forbidden', why);
export const conflict = (why: string) => new AppError('conflict', why);
export const badField = (path: string, code: string, message: string) =>
  new AppError('bad_request', message, [{ path, code, message }]);

/** An uploaded file's problem (files.ts) as its HTTP answer; the file's code is the field code. */
const fileErrorCodes = {
  too_large: 'payload_too_large',
  unsupported_type: 'unsupported_media_type',
  empty: 'bad_request',
  malformed: 'unprocessable',
} as const satisfies Record<FileError['code'], ErrorCode>;
export const fromFileError = (e: FileError, path = 'file') =>
  new AppError(fileErrorCodes[e.code], e.message, [{ path, code: e.code, message: e.message }]);
