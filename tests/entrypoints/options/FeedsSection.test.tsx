// @vitest-environment happy-dom
// How loudly each feed and folder arrives, chosen on the options page (#14).
import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeedsSection } from '@/entrypoints/options/FeedsSection';
import type { FeedSubscription } from '@/utils/db';
import { sendMessage } from '@/utils/messages';

vi.mock('@/utils/messages', () => ({ sendMessage: vi.fn<typeof sendMessage>() }));
const send = vi.mocked(sendMessage);

const feed = (url: string, folder: string | null, alerts: FeedSubscription['alerts'] = null): FeedSubscription => ({
  url,
  addedAt: '2026-01-01T00:00:00Z',
  title: url.slice(8, 9).toUpperCase(),
  folder,
  alerts,
});

function show(feeds: FeedSubscription[], folderAlerts = new Map()): HTMLElement {
  render(
    <FeedsSection
      feeds={feeds}
      folderAlerts={folderAlerts}
      states={[]}
      postCounts={new Map()}
      nextCheck={null}
      now={0}
    />,
    document.body,
  );
  return document.body;
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

const alertsOf = (page: HTMLElement, name: string) =>
  page.querySelector<HTMLSelectElement>(`select[aria-label="${name}"]`)!;

afterEach(() => render(null, document.body));

describe('alerts on the options page', () => {
  it('a feed outside folders: notify by default, and badge-only or quiet by choice', () => {
    const page = show([feed('https://a.test/feed', null)]);
    const select = alertsOf(page, 'How A arrives');
    expect(select.value).toBe('notify');
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'Notify and count',
      'Count, no notifications',
      'Quiet (not counted)',
    ]);
    choose(select, 'quiet');
    expect(send).toHaveBeenLastCalledWith('setFeedAlerts', { url: 'https://a.test/feed', alerts: 'quiet' });
    // Back to the default stores null, so a folder it later moves into decides.
    choose(select, 'notify');
    expect(send).toHaveBeenLastCalledWith('setFeedAlerts', { url: 'https://a.test/feed', alerts: null });
  });

  it('a feed in a folder does as its folder says unless set, and the folder has its own choice', () => {
    const page = show(
      [feed('https://b.test/feed', 'Work'), feed('https://c.test/feed', 'Work', 'notify')],
      new Map([['Work', 'quiet']]),
    );
    const b = alertsOf(page, 'How B arrives');
    expect(b.value).toBe('folder');
    expect(b.options[0]!.textContent).toBe('As its folder: Quiet (not counted)');
    expect(alertsOf(page, 'How C arrives').value).toBe('notify');
    choose(b, 'badge');
    expect(send).toHaveBeenLastCalledWith('setFeedAlerts', { url: 'https://b.test/feed', alerts: 'badge' });

    const folder = alertsOf(page, 'How the feeds in Work arrive');
    expect(folder.value).toBe('quiet');
    choose(folder, 'badge');
    expect(send).toHaveBeenLastCalledWith('setFolderAlerts', { folder: 'Work', alerts: 'badge' });
  });
});
