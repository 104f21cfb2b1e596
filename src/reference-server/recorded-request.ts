/** One HTTP request the reference server received, as recorded for tests. */
export interface RecordedRequest {
  readonly method: string;
  /** The request-target exactly as received on the request line (not resolved or decoded). */
  readonly target: string;
  /** The URL path, including the base path, without the query string. */
  readonly path: string;
  /** The raw query string without the leading `?` ('' when none). */
  readonly query: string;
  /** Request headers with lower-cased names; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The request body as text ('' when none). */
  readonly body: string;
  /** When the request arrived, ISO 8601. */
  readonly at: string;
  /** The status the server answered with; absent while the request is in flight. */
  readonly status?: number;
}
