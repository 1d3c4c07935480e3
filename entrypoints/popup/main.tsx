import { i18n } from '#i18n';
import { render } from 'preact';
import '@/components/digest.css';
import { PopupApp } from './PopupApp';

// Marks for `npm run bench:pages`: when the page's script starts and when its data is in.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
render(<PopupApp />, document.getElementById('app')!);
