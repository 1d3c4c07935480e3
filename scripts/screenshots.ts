// Takes the README's screenshots of the built extension (popup and new tab, light and dark).
// Run with `npm run screenshots` (it builds first). Node runs this TypeScript file directly.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchExtension, waitForValue } from '../tests/e2e/extension.ts';

const outDir = resolve(import.meta.dirname, '../docs/screenshots');
mkdirSync(outDir, { recursive: true });

const ext = await launchExtension();
try {
  await waitForValue(() => ext.badgeText(), '9');
  for (const scheme of ['light', 'dark'] as const) {
    const popup = await ext.openPage('popup.html', { colorScheme: scheme, width: 380, height: 560 });
    await popup.locator('li.post').first().waitFor();
    await popup.screenshot({ path: resolve(outDir, `popup-${scheme}.png`) });
    await popup.close();

    const newtab = await ext.openPage('newtab.html', { colorScheme: scheme, width: 1280, height: 800 });
    await newtab.locator('li.post').first().waitFor();
    await newtab.screenshot({ path: resolve(outDir, `newtab-${scheme}.png`) });
    await newtab.close();
  }
  console.log(`Screenshots written to ${outDir}`);
} finally {
  await ext.close();
}
