import { render } from 'preact';
import '@/components/digest.css';
import { NewTabApp } from './NewTabApp';

render(<NewTabApp />, document.getElementById('app')!);
