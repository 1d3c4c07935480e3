// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PostItem } from '@/components/PostItem';
import type { PostView } from '@/utils/db';
import { useLocale } from '../helpers/i18n';
import { postView } from '../helpers/posts';

const NOW = Date.parse('2026-06-01T12:00:00Z');

function shown(post: PostView, showAuthors?: boolean): HTMLElement {
  render(
    <ul>
      <PostItem post={post} now={NOW} showAuthors={showAuthors} />
    </ul>,
    document.body,
  );
  return document.body.querySelector('.post')!;
}

afterEach(() => render(null, document.body));

describe('PostItem authors', () => {
  it('names the authors where the feed has several, as one list in the reader’s language', () => {
    const post = postView('a', { authors: ['Grace Hopper', 'Ada Lovelace'] });
    expect(shown(post, true).querySelector('.post-meta .post-authors')?.textContent).toBe(
      'Grace Hopper and Ada Lovelace',
    );
    useLocale('de');
    expect(shown(post, true).querySelector('.post-authors')?.textContent).toBe('Grace Hopper und Ada Lovelace');
  });

  it('names nobody on a one-author feed, or when the post has no author', () => {
    expect(shown(postView('a', { authors: ['Grace Hopper'] })).querySelector('.post-authors')).toBeNull();
    expect(shown(postView('b'), true).querySelector('.post-authors')).toBeNull();
    // A post from a snapshot kept by an older version, stored before authors existed.
    const { authors: _authors, ...old } = postView('c');
    expect(shown(old as PostView, true).querySelector('.post-authors')).toBeNull();
  });
});
