// Digest's one error type (issue #12). Every failure the worker, the pages and the logs speak of is a
// DigestError: a `kind` from one union, an English `message` for logs and the Node CLI (scripts/feed-check.ts
// has no browser i18n), and the HTTP `status` when a server answered with one. The reader is shown
// describeError (utils/error-text.ts), which reads `kind` and `status` only, never the message.

/** Why a whole feed was rejected by the fetcher or the parser. */
export type FeedErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'too-large'
  | 'not-json'
  | 'invalid-feed'
  // RSS, Atom and RDF (#13): malformed XML, and a well-formed document that is no feed (an HTML page).
  | 'not-xml'
  | 'not-a-feed';

/**
 * Why a feed could not be added (besides its feed errors, `storage` and `permission`); `choose-feed`: the address
 * is a page offering several distinct feeds, and the reader picks one; `no-feed-on-page`: an HTML page that
 * advertises no feed, with none at the conventional paths either (#13).
 */
export type AddFeedErrorKind = 'invalid-url' | 'already-following' | 'credentials' | 'choose-feed' | 'no-feed-on-page';

/**
 * Why an import file was refused whole (besides `not-json` and `storage`): a JSON backup that is not Digest's
 * (`invalid-export`) or whose preferences could not be saved (`settings`); an OPML file (#14) that is another kind of
 * file (`not-opml`), or broken, cut off or hostile (`invalid-opml`); an OPML import while one is still running.
 */
export type ImportErrorKind = 'invalid-export' | 'settings' | 'not-opml' | 'invalid-opml' | 'import-running';

/** Why a preferences change was not saved. */
export type SettingsErrorKind =
  'settings-invalid' | 'settings-too-large' | 'settings-rate-limited' | 'settings-write-failed';

/**
 * Every kind of error Digest names: a feed's, the local database's (`storage`), a missing host
 * permission, adding a feed, an import, the settings, and `unknown` for a failure nothing named (a
 * message to the worker that got no answer).
 */
export type ErrorKind =
  FeedErrorKind | 'storage' | 'permission' | AddFeedErrorKind | ImportErrorKind | SettingsErrorKind | 'unknown';

/** A named failure: its kind, an English message for logs, and the HTTP status when a server gave one. */
export interface DigestError<K extends ErrorKind = ErrorKind> {
  kind: K;
  message: string;
  /** The HTTP status of an `http` error. Records stored before it existed lack it. */
  status?: number;
}

/** A feed's failure, as the fetcher and the parser return it. */
export type FeedError = DigestError<FeedErrorKind>;
