import { i18n } from '#i18n';
import { render } from 'preact';
import '@/components/digest.css';
import './options.css';
import { OptionsApp } from './OptionsApp';

// The page speaks the language of its messages (screen readers, hyphenation), whatever the HTML says.
document.documentElement.lang = i18n.t('locale');
render(<OptionsApp />, document.getElementById('app')!);
