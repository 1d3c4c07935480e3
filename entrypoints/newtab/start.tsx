import { i18n } from '#i18n';
import { mountPage } from '@/components/mount';
import { NewTabApp } from '@/entrypoints/newtab/NewTabApp';

// Marks for `npm run bench:pages` and the browser tests: when the page's app starts.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
document.title = i18n.t('digest.newTabTitle');
// The popup's frame is kept from the same snapshot, when idle: a post read here is read there too.
mountPage(document.getElementById('app')!, { page: 'newtab', render: (start) => <NewTabApp start={start} /> }, () =>
  import('@/entrypoints/popup/PopupApp').then(({ PopupApp }) => ({
    page: 'popup',
    render: (start) => <PopupApp start={start} />,
  })),
);
