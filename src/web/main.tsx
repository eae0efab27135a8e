import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { App } from './App.tsx';
import { startEarlyReads } from './early.ts';
import './styles.css';
import './cases/cases.css';

startEarlyReads();

// The first render waits for the page language's words (a Uyghur reader fetches one small chunk first).
// It starts in a task of its own and renders as a transition, which React splits into short slices:
// a slow phone stays responsive to a tap while the page is drawn (Lighthouse's total blocking time).
void initI18n().then(() => {
  const root = document.getElementById('root');
  if (!root) return;
  setTimeout(() => {
    startTransition(() => {
      createRoot(root).render(
        <StrictMode>
          <App />
        </StrictMode>,
      );
    });
  }, 0);
});
