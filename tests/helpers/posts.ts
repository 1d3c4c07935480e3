import type { PostView } from '@/utils/db';

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
