import { mountPage } from '@/components/mount';
import { PopupApp } from './PopupApp';

mountPage({ name: 'popup', App: PopupApp });
