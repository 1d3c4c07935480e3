// The entry holds only the stylesheet (in <head>, so every frame is styled) and the start: the app
// loads after the first frame (see components/boot.ts and entrypoints/first-paint.ts).
import '@/components/digest.css';
import { startApp } from '@/components/boot';

startApp(() => import('./start'));
