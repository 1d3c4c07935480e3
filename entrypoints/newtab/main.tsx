import { render } from 'preact';
// Marks for `npm run bench:pages`: when the page's script starts and when its data is in.
performance.mark('digest:script');
import '@/components/digest.css';
import { NewTabApp } from './NewTabApp';

render(<NewTabApp />, document.getElementById('app')!);
