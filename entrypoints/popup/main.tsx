import { render } from 'preact';
import '@/components/digest.css';
import { PopupApp } from './PopupApp';

render(<PopupApp />, document.getElementById('app')!);
