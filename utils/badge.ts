import { browser } from 'wxt/browser';
import { countUnread } from './db';

/** Badge text for an unread count: empty at zero, capped at "999+". */
export function badgeText(unread: number): string {
  if (unread <= 0) return '';
  return unread > 999 ? '999+' : String(unread);
}

/** The toolbar button API: `action` in MV3, `browserAction` in Firefox MV2 builds. */
function toolbarButton() {
  return browser.action ?? browser.browserAction;
}

/** Recomputes the unread count from the database and shows it on the toolbar badge. */
export async function refreshBadge(): Promise<number> {
  const unread = await countUnread();
  const button = toolbarButton();
  await Promise.all([
    button.setBadgeText({ text: badgeText(unread) }),
    button.setBadgeBackgroundColor({ color: '#3b5bdb' }),
  ]);
  return unread;
}
