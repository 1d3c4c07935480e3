import { render } from 'preact';
import { DigestApp } from '@/components/DigestApp';
import '@/components/digest.css';

render(<DigestApp variant="newtab" />, document.getElementById('app')!);
