// Registers every <madang-*> element before React first renders them, so React 19 sets
// `siteKey`, `poll`, … as properties (it checks `name in element`).
import '@madang/widgets/poll';
import '@madang/widgets/proposal-list';
import '@madang/widgets/budget-table';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
