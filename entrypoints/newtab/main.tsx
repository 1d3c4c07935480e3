import { i18n } from '#i18n';
import { render } from 'preact';
import '@/components/digest.css';
import { NewTabApp } from './NewTabApp';

// Marks for `npm run bench:pages`: when the page's script starts and when its data is in.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
document.title = i18n.t('digest.newTabTitle');
render(<NewTabApp />, document.getElementById('app')!);
