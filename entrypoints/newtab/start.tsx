import { i18n } from '#i18n';
import { mountPage } from '@/components/mount';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';

// Marks for `npm run bench:pages` and the browser tests: when the page's app starts.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
document.title = i18n.t('digest.newTabTitle');
mountPage(document.getElementById('app')!, 'newtab', (start) => <NewTabApp start={start} />);
