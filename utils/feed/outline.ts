// An OPML file's feeds and folders as Digest reads them (#14): the shapes and limits the parser (opml.ts), the
// database and the options page share. No dependencies, so a page that names them never loads the XML parser.

/** A feed as listed in an OPML file, or as Digest exports it. */
export interface OpmlFeed {
  title: string;
  url: string;
  homePageUrl: string | null;
  /** Its folder (one level; a deeper nesting joined with " / "), or null at the top. */
  folder: string | null;
}

/** Why an outline of a file was not taken as a feed. */
export type OpmlSkipReason = 'no-feed-address' | 'invalid-feed-address' | 'too-many-feeds';

/** An outline left out, and why. */
export interface OpmlSkipped {
  title: string;
  /** Its xmlUrl as written (cut to 300 characters), or null when it had none. */
  address: string | null;
  reason: OpmlSkipReason;
}

/** Longest folder name kept. */
export const FOLDER_MAX = 80;
/** How nested folders are joined into one name. */
export const FOLDER_SEPARATOR = ' / ';
