// How loudly a feed arrives (#14): per feed and per folder, `notify`, `badge` (no notifications) or `quiet`
// (not on the badge either), through the worker's handlers as the options page sends them.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  changeFeedAlerts,
  changeFolderAlerts,
  moveFeedToFolder,
  refreshNow,
  renameFeedFolder,
} from '@/entrypoints/background/handlers';
import { refreshBadge } from '@/entrypoints/background/badge';
import { updatePreferences } from '@/utils/settings';
import { effectiveAlerts, readFeedAlerts, readFolderAlerts } from '@/utils/db';
import { sampleFeedWith, sampleFetch } from '../../fixtures/sample';
import { installWithSample } from '../../helpers/install';

const install = installWithSample;

const notified = () => Object.keys(fakeBrowser.notifications.getAllCreateOptions());
const badge = () => fakeBrowser.action.getBadgeText({});

/** Publishes one more post on the sample feed and refreshes. */
async function publish(id: string): Promise<void> {
  vi.stubGlobal('fetch', sampleFetch(sampleFeedWith([{ id, title: `Post ${id}`, tag: 'Engineering' }])));
  await refreshNow();
}

describe('effectiveAlerts', () => {
  it('is the feed’s own setting, else its folder’s, else notify', () => {
    const folders = new Map([['Quiet ones', 'quiet' as const]]);
    expect(effectiveAlerts({ alerts: null, folder: null }, folders)).toBe('notify');
    expect(effectiveAlerts({ alerts: null, folder: 'Quiet ones' }, folders)).toBe('quiet');
    expect(effectiveAlerts({ alerts: 'badge', folder: 'Quiet ones' }, folders)).toBe('badge');
    expect(effectiveAlerts({ alerts: null, folder: 'Other' }, folders)).toBe('notify');
  });
});

describe('a feed’s alerts', () => {
  it('badge: counted on the badge, never notified', async () => {
    const feed = await install();
    await changeFeedAlerts(feed, 'badge');
    await publish('b1');
    expect(notified()).toEqual([]);
    expect(await badge()).toBe('10');
  });

  it('quiet: in the digest but neither counted nor notified; back to notify, counted and notified again', async () => {
    const feed = await install();
    expect(await badge()).toBe('9');
    await changeFeedAlerts(feed, 'quiet');
    expect(await badge()).toBe('');
    await publish('q1');
    expect(notified()).toEqual([]);
    expect(await badge()).toBe('');
    await changeFeedAlerts(feed, null);
    expect(await badge()).toBe('10');
    await publish('q2');
    expect(notified()).toHaveLength(1);
  });

  it('inherits its folder’s setting unless it has its own, and a renamed folder keeps its setting', async () => {
    const feed = await install();
    await moveFeedToFolder(feed, 'Work');
    await changeFolderAlerts('Work', 'quiet');
    expect(await badge()).toBe('');
    expect((await readFeedAlerts()).get(feed)).toBe('quiet');
    await renameFeedFolder('Work', 'Job');
    expect(await readFolderAlerts()).toEqual(new Map([['Job', 'quiet']]));
    expect((await readFeedAlerts()).get(feed)).toBe('quiet');
    // The feed's own setting wins over its folder's.
    await changeFeedAlerts(feed, 'notify');
    expect(await badge()).toBe('9');
    await publish('f1');
    expect(notified()).toHaveLength(1);
    // A folder back at the default stores nothing.
    await changeFolderAlerts('Job', 'notify');
    expect(await readFolderAlerts()).toEqual(new Map());
  });
});

describe('the badge with muted words', () => {
  it('leaves out posts muted words hide and quiet feeds', async () => {
    const feed = await install();
    await updatePreferences({ mutedWords: ['boring'] });
    await refreshBadge();
    // "Choose boring technology" is one of the sample feed's 9 posts.
    expect(await badge()).toBe('8');
    await changeFeedAlerts(feed, 'quiet');
    expect(await badge()).toBe('');
    await changeFeedAlerts(feed, null);
    await updatePreferences({ mutedWords: [] });
    await refreshBadge();
    expect(await badge()).toBe('9');
  });
});
