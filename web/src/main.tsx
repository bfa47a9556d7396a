import { render } from 'preact';
import { prefetch } from './api';
import { App } from './app';
import { FEED_FIRST } from './pages/home';
import { installRouter } from './router';
import './styles.css';

installRouter();
// The home feed does not wait for the session check: both go out at once.
if (window.location.pathname === '/') prefetch(FEED_FIRST);
render(<App />, document.getElementById('app')!);

// The service worker keeps the app shell for offline start-up (never /api/).
if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      /* the app works without it */
    });
  });
}
