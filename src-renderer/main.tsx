import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { jobActivity } from './app/job-activity';
import { applyTheme, effectiveTheme } from './app/theme';
import './styles.css';

applyTheme(effectiveTheme());
jobActivity.connect();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
