// @vitest-environment happy-dom
// Marking read is optimistic: the page shows it in its next frame, and undoes it with a message when the
// worker refuses (#12). A change the worker announces patches the page without reading IndexedDB.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PopupApp } from '@/entrypoints/popup/PopupApp';
import { changeHere } from '@/utils/changes';
import { loadedDigest, postView } from '../helpers/posts';

type DataSource = typeof import('@/components/data-source');
const worker = vi.hoisted(() => ({
  sendMessage: vi.fn<(type: string, data: unknown) => Promise<unknown>>(),
  loadDigest: vi.fn<DataSource['loadDigest']>(),
  loadFeeds: vi.fn<DataSource['loadFeeds']>(),
}));
vi.mock('@/utils/messages', () => ({ sendMessage: worker.sendMessage }));
vi.mock('@/components/data-source', async (original) => ({
  ...(await original<DataSource>()),
  loadDigest: worker.loadDigest,
  loadFeeds: worker.loadFeeds,
}));

const feedUrl = 'https://blog.example/feed.json';
const data = loadedDigest({
  posts: ['a', 'b', 'c'].map((id, i) =>
    postView(id, { feedUrl, title: `Post ${id}`, published: `2026-11-2${i}T06:00:00Z`, category: 'Engineering' }),
  ),
  feeds: [],
  followed: [feedUrl],
});

const nextFrame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));

/** The popup, loaded (its data layer answered). */
async function openPopup(): Promise<HTMLElement> {
  worker.loadDigest.mockResolvedValue(data);
  const app = document.createElement('div');
  document.body.append(app);
  render(<PopupApp start={{ data, now: Date.now(), previousVisit: null, hash: '' }} />, app);
  await vi.waitFor(() => expect(performance.getEntriesByName('digest:data').length).toBeGreaterThan(0));
  await nextFrame();
  return app;
}

const postClass = (app: HTMLElement, id: string) => app.querySelector(`li.post[data-post-id="${id}"]`)?.className;

beforeEach(() => vi.clearAllMocks());
afterEach(() => {
  for (const app of document.body.children) render(null, app);
  document.body.replaceChildren();
  performance.clearMarks();
});

describe('marking read in a page', () => {
  it('shows the mark in the next frame, before the worker answers; a refusal undoes it with a message', async () => {
    const app = await openPopup();
    const answer = Promise.withResolvers<unknown>();
    worker.sendMessage.mockReturnValue(answer.promise);
    app.querySelector<HTMLButtonElement>('li.post[data-post-id="b"] .read-toggle')!.click();
    await nextFrame();
    expect(postClass(app, 'b')).toBe('post');
    expect(worker.sendMessage).toHaveBeenCalledWith('setRead', { key: [feedUrl, 'b'], read: true });
    expect(app.querySelector('[role="alert"]')).toBeNull();

    vi.spyOn(console, 'warn').mockImplementation(() => {});
    answer.reject(new Error('the worker is gone'));
    await vi.waitFor(() => expect(postClass(app, 'b')).toBe('post unread'));
    expect(app.querySelector('[role="alert"]')?.textContent).toBe(
      'Digest could not save that change, so it was undone. Try again.',
    );
  });

  it("patches read marks the worker announces in memory, and re-reads only a fetched feed's posts", async () => {
    const app = await openPopup();
    changeHere({ kind: 'read', keys: [[feedUrl, 'a']], read: true });
    await nextFrame();
    expect(postClass(app, 'a')).toBe('post');
    // A read mark is no reason to read the database again.
    expect(worker.loadDigest).toHaveBeenCalledTimes(1);
    expect(worker.loadFeeds).not.toHaveBeenCalled();

    const fresh = postView('d', { feedUrl, title: 'Post d', published: '2026-11-25T06:00:00Z', category: 'Design' });
    worker.loadFeeds.mockResolvedValue({ followed: [feedUrl], posts: [...data.posts, fresh], feeds: [] });
    changeHere({ kind: 'posts', feeds: [feedUrl] });
    await vi.waitFor(() => expect(postClass(app, 'd')).toBe('post unread'));
    expect(worker.loadFeeds).toHaveBeenCalledWith([feedUrl]);
    expect(worker.loadDigest).toHaveBeenCalledTimes(1);
  });
});
