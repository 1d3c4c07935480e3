import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { canRead, originPattern, patternsToRelease, releaseReadAccess, requestReadAccess } from '@/utils/permissions';

describe('host permissions', () => {
  it('name a site by scheme and host, any port, and only for http(s)', () => {
    expect(originPattern('https://blog.test:8443/feed.json')).toBe('https://blog.test/*');
    expect(originPattern('ftp://blog.test/feed')).toBeNull();
    expect(originPattern('not a url')).toBeNull();
  });

  it('report a refused request as false, and a prompt that fails as refused too', async () => {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async () => false);
    expect(await requestReadAccess('https://other.test/feed.json')).toBe(false);
    expect(request).toHaveBeenCalledWith({ origins: ['https://other.test/*'] });
    request.mockImplementation(async () => {
      throw new Error('This function must be called during a user gesture');
    });
    expect(await requestReadAccess('https://other.test/feed.json')).toBe(false);
  });

  it('need nothing for the bundled sample feed', async () => {
    expect(await requestReadAccess(fakeBrowser.runtime.getURL('/sample-feed.json'))).toBe(true);
    expect(await canRead(fakeBrowser.runtime.getURL('/sample-feed.json'))).toBe(true);
  });

  it('are released only when no remaining feed shares the site, and never the manifest’s own', async () => {
    expect(patternsToRelease('https://a.test/one.json', ['https://a.test/two.json'])).toEqual([]);
    expect(patternsToRelease('https://a.test/one.json', ['https://b.test/feed.json'])).toEqual(['https://a.test/*']);

    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'Digest',
      version: '0',
      host_permissions: ['https://default.test/*'],
    });
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async () => true);
    expect(await releaseReadAccess('https://default.test/feed.json', [])).toEqual([]);
    expect(remove).not.toHaveBeenCalled();
    expect(await releaseReadAccess('https://a.test/feed.json', [])).toEqual(['https://a.test/*']);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://a.test/*'] });
  });
});
