import type { PostView } from '@/utils/db';
import type { NormalizedPost } from '@/utils/feed/parse';

/** Post number `id` of a feed as the parser gives it: minutes apart from 2026-01-01, in `category`. */
export function numberedPost(id: number, category = 'C'): NormalizedPost {
  return {
    id: `p${id}`,
    title: `Post ${id}`,
    url: null,
    category,
    published: new Date(Date.UTC(2026, 0, 1) + id * 60_000).toISOString(),
    modified: null,
    summary: '',
    authors: [],
    words: null,
    image: null,
  };
}

/** A cached post as the pages get it: unread, undated and without link or summary unless `fields` say so. */
export function postView(id: string, fields: Partial<PostView> = {}): PostView {
  return {
    feedUrl: 'f',
    id,
    title: id,
    url: null,
    category: 'Uncategorized',
    authors: [],
    words: null,
    image: null,
    published: null,
    modified: null,
    summary: '',
    firstSeen: '2026-01-01T00:00:00Z',
    read: false,
    ...fields,
  };
}
