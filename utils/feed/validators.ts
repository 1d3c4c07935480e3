// What the pages' modules (utils/db.ts) need from fetching, kept apart from fetch.ts so the popup and new tab
// never reach the XML parser, feedsmith, through a type import (#13; .dependency-cruiser.cjs `pages-without-feedsmith`).

/** Validators from the last successful fetch, sent back so an unchanged feed costs a 304. */
export interface Validators {
  etag: string | null;
  lastModified: string | null;
}
