import { render } from 'preact';
import { DigestApp } from '@/components/DigestApp';
import '@/components/digest.css';

render(<DigestApp variant="popup" />, document.getElementById('app')!);
