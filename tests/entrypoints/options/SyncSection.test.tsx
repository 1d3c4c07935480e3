// @vitest-environment happy-dom
// The options page's Sync section (#15): what storage.sync holds against its quota, and when the oldest read
// marks dropped out of sync (they stay in this browser).
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SyncSection } from '@/entrypoints/options/SyncSection';
import { SYNC_STATUS_KEY, type SyncStatus } from '@/utils/sync-status';

afterEach(() => render(null, document.body));

describe('the Sync section', () => {
  it('shows the bytes and items in use, what syncs, and that the oldest marks dropped out of sync', async () => {
    await fakeBrowser.storage.sync.set({ preferences: { refreshIntervalMinutes: 30 }, 's1.abcdefgh': { u: 'x' } });
    const status: SyncStatus = {
      at: Date.now() - 60_000,
      feeds: 3,
      marks: 12_000,
      droppedMarks: 900,
      droppedNewestAt: Date.UTC(2026, 2, 1, 12, 0),
      unsynced: 0,
      error: null,
    };
    await fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: status });
    render(<SyncSection now={Date.now()} />, document.body);
    await expect.poll(() => document.querySelector('.sync-usage')?.textContent ?? '').toContain('of 102,400 bytes');
    const usage = document.querySelector('.sync-usage')!;
    // Computed where the browser gives no count: each item is its key and its JSON, as the browser counts.
    expect(usage.textContent).toBe(
      '60 of 102,400 bytes and 2 of 512 items of synced storage in use. The reading list takes 20 bytes (1 of the items).',
    );
    expect(document.querySelector('.sync-status')?.textContent).toMatch(/^Synced: 3 feeds, 12,000 read marks\./);
    expect(document.querySelector('.sync-dropped')?.textContent).toMatch(
      /^The oldest 900 read marks no longer fit in synced storage: marks made up to .*2026.* may not reach your other browsers\. They stay in this browser\.$/,
    );
  });

  it('counts one feed and one mark in the singular', async () => {
    const status: SyncStatus = {
      at: Date.now(),
      feeds: 1,
      marks: 1,
      droppedMarks: 0,
      droppedNewestAt: null,
      unsynced: 1,
      error: null,
    };
    await fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: status });
    render(<SyncSection now={Date.now()} />, document.body);
    await expect
      .poll(() => document.querySelector('.sync-status')?.textContent ?? '')
      .toMatch(/^Synced: 1 feed, 1 read mark\./);
    expect(document.querySelector('.sync-dropped')?.textContent).toBe(
      '1 feed does not fit in synced storage and is not synced.',
    );
  });

  it('says nothing has synced before the first flush', async () => {
    render(<SyncSection now={Date.now()} />, document.body);
    await expect.poll(() => document.body.textContent).toContain('Not synced yet.');
    expect(document.querySelector('.sync-dropped')).toBeNull();
  });
});
