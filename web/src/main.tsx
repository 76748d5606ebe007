import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureClient } from './api/client';
import { App } from './app';
import './design/tokens.css';
import './design/components.css';
import { applyTheme, initialTheme } from './design/theme';

applyTheme(initialTheme());
configureClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
