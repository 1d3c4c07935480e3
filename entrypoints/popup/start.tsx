import { i18n } from '#i18n';
import { mountPage } from '@/components/mount';
import { PopupApp } from '@/entrypoints/popup/PopupApp';

// Marks for `npm run bench:pages` and the browser tests: when the page's app starts.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
mountPage(document.getElementById('app')!, 'popup', (start) => <PopupApp start={start} />);
