import { i18n } from '#i18n';
import { mountPage } from '@/components/mount';
import { NewTabApp } from './NewTabApp';

document.title = i18n.t('digest.newTabTitle');
mountPage({ name: 'newtab', App: NewTabApp });
