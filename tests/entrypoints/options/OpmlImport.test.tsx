// @vitest-environment happy-dom
// The OPML import on the options page (#14): one permission request for every new site, from the confirming click,
// before the file goes to the worker; then the stored job's progress and result.
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DataSection } from '@/entrypoints/options/DataSection';
import { planImport } from '@/entrypoints/background/import-plan';
import { startImportJob } from '@/utils/db';
import { sendMessage } from '@/utils/messages';

vi.mock('@/utils/messages', () => ({ sendMessage: vi.fn<typeof sendMessage>() }));
const send = vi.mocked(sendMessage);

const PREVIEW = {
  ok: true,
  preview: {
    newFeeds: 3,
    alreadyFollowed: 1,
    duplicates: 1,
    skipped: 0,
    origins: ['https://a.example/*', 'https://b.example/*'],
  },
};

/** What happened, in order: the permission request and the messages sent. */
let calls: string[];

beforeEach(() => {
  calls = [];
  send.mockReset();
  send.mockImplementation((async (name: string) => {
    calls.push(name);
    if (name === 'previewOpml') return PREVIEW;
    if (name === 'importOpml') return { ok: true };
    return undefined;
  }) as typeof sendMessage);
});

afterEach(() => {
  render(null, document.body);
  document.body.replaceChildren();
});

async function chooseFile(text: string): Promise<HTMLElement> {
  render(<DataSection />, document.body);
  const input = document.body.querySelector<HTMLInputElement>('input[accept*="opml"]')!;
  const file = new File([text], 'feeds.opml', { type: 'text/x-opml' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await vi.waitFor(() => expect(document.body.querySelector('.opml-preview')).not.toBeNull());
  return document.body;
}

function button(page: HTMLElement, name: string): HTMLButtonElement {
  const found = [...page.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
}

describe('Import OPML', () => {
  it('previews the file, then asks once for every new site from the click, before the worker gets the file', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => {
      calls.push('permissions.request');
      return true;
    });
    const page = await chooseFile('<opml/>');
    expect(page.querySelector('.opml-preview')!.textContent).toContain(
      'feeds.opml: 3 new feeds to add, 1 already followed, 1 listed twice in the file.',
    );
    expect(page.querySelector('.opml-preview')!.textContent).toContain(
      'Digest asks once for access to the 2 sites these feeds are on.',
    );
    button(page, 'Import 3 feeds').click();
    await vi.waitFor(() => expect(calls).toContain('importOpml'));
    expect(request).toHaveBeenCalledTimes(1);
    expect(request).toHaveBeenCalledWith({ origins: ['https://a.example/*', 'https://b.example/*'] });
    expect(calls).toEqual(['previewOpml', 'permissions.request', 'importOpml']);
    expect(send).toHaveBeenCalledWith('importOpml', '<opml/>');
  });

  it('imports nothing when the reader refuses access, and says so', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => false);
    const page = await chooseFile('<opml/>');
    button(page, 'Import 3 feeds').click();
    await vi.waitFor(() =>
      expect(page.querySelector('.opml-status')!.textContent).toBe(
        'Digest was not allowed to read these sites, so nothing was imported.',
      ),
    );
    expect(calls).not.toContain('importOpml');
  });

  it('names a broken file’s error', async () => {
    send.mockImplementation((async () => ({
      ok: false,
      error: { kind: 'invalid-opml', message: 'cut off' },
    })) as unknown as typeof sendMessage);
    render(<DataSection />, document.body);
    const input = document.body.querySelector<HTMLInputElement>('input[accept*="opml"]')!;
    Object.defineProperty(input, 'files', { value: [new File(['<opml>'], 'x.opml')], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() =>
      expect(document.body.querySelector('.opml-status')!.textContent).toBe(
        'Not imported: That OPML file is broken or cut off. Nothing was imported; export it again from the other reader.',
      ),
    );
  });

  it('shows a running import’s progress with counts, then each failure with its named error', async () => {
    const job = planImport(
      {
        feeds: ['a', 'b', 'c', 'd'].map((name) => ({
          url: `https://${name}.example/feed`,
          title: `Blog ${name.toUpperCase()}`,
          homePageUrl: null,
          folder: name === 'a' ? 'Tech' : null,
        })),
        duplicates: [],
        skipped: [{ title: 'A link', address: null, reason: 'no-feed-address' }],
      },
      ['https://d.example/feed'],
      '2026-01-01T00:00:00.000Z',
    );
    job.entries[0]!.status = 'added';
    Object.assign(job.entries[1]!, { status: 'failed', error: { kind: 'http', status: 404, message: '' } });
    await startImportJob(job);
    render(<DataSection />, document.body);
    const bar = await vi.waitFor(() => {
      const found = document.body.querySelector('[role="progressbar"]');
      if (!found) throw new Error('no progress bar yet');
      return found;
    });
    expect(bar.getAttribute('aria-valuenow')).toBe('3');
    expect(bar.getAttribute('aria-valuemax')).toBe('4');
    expect(bar.getAttribute('aria-valuetext')).toBe('3 of 4 feeds checked');
    expect(document.body.querySelector('.opml-counts')!.textContent).toBe(
      '3 of 4 feeds checked · 1 added · 1 already followed · 1 failed',
    );
    expect(document.body.querySelector('.opml-entries.failed li')!.textContent).toBe(
      'Blog Bhttps://b.example/feedThe feed server answered HTTP 404.',
    );
    expect(document.body.querySelector('.opml-entries.skipped li')!.textContent).toBe('A linkno feed address');
    // Running: the page asks the worker to go on (and so keeps it awake), and offers Stop, not Retry.
    await vi.waitFor(() => expect(calls).toContain('resumeImport'));
    expect(() => button(document.body, 'Retry failed')).toThrow('no button Retry failed');
    button(document.body, 'Stop import').click();
    expect(calls).toContain('stopImport');
  });

  it('offers to continue a stopped import, asking access for the unchecked feeds’ sites first', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => {
      calls.push('permissions.request');
      return true;
    });
    const job = planImport(
      {
        feeds: ['a', 'b'].map((name) => ({
          url: `https://${name}.example/feed`,
          title: name,
          homePageUrl: null,
          folder: null,
        })),
        duplicates: [],
        skipped: [],
      },
      [],
      '2026-01-01T00:00:00.000Z',
    );
    job.entries[0]!.status = 'added';
    job.state = 'stopped';
    await startImportJob(job);
    render(<DataSection />, document.body);
    await vi.waitFor(() => expect(document.body.querySelector('.opml-job h3')?.textContent).toBe('Import stopped'));
    expect(document.body.querySelector('.opml-counts')!.textContent).toBe(
      '1 of 2 feeds checked · 1 added · 1 not checked',
    );
    button(document.body, 'Continue import').click();
    await vi.waitFor(() => expect(calls).toContain('retryImport'));
    expect(request).toHaveBeenCalledWith({ origins: ['https://b.example/*'] });
    expect(calls).toEqual(['permissions.request', 'retryImport']);
  });
});
