import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { App } from './App.tsx';
import './styles.css';
import './cases/cases.css';

// The first render waits for the page language's words (a Uyghur reader fetches one small chunk first).
void initI18n().then(() => {
  const root = document.getElementById('root');
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
});
