// The entry holds only the stylesheet (in <head>, so every frame is styled) and the start: the app
// loads after the kept frame is out (components/first-paint.ts).
import '@/components/digest.css';
import { startApp } from '@/components/first-paint';

startApp(() => import('./start'));
