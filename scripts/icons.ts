// Renders public/icon.svg to the PNG sizes the manifest and the stores need (public/icon/<size>.png)
// with Debian's Chromium. Run `npm run icons` after editing the SVG and commit the PNGs.
import { mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/extension.ts';

const root = resolve(import.meta.dirname, '..');
const svg = readFileSync(resolve(root, 'public/icon.svg'), 'utf8');
const outDir = resolve(root, 'public/icon');
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless=new', '--no-sandbox'] });
try {
  for (const size of [16, 32, 48, 96, 128]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`,
    );
    await page.screenshot({ path: resolve(outDir, `${size}.png`), omitBackground: true });
    await page.close();
  }
  console.log(`Icons written to ${outDir}`);
} finally {
  await browser.close();
}
