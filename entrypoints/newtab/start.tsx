import { i18n } from '#i18n';
import { render } from 'preact';
import { NewTabApp } from '@/components/NewTabApp';

// Marks for `npm run bench:pages`: when the page's script starts and when its data is in.
performance.mark('digest:script');
// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
document.title = i18n.t('digest.newTabTitle');
const app = document.getElementById('app')!;
// The kept first frame goes and the app's first render comes in the same task: nothing flashes between.
app.replaceChildren();
render(<NewTabApp />, app);
