import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startLiveFeed } from './api/live';
import { ErrorBoundary } from './components/ErrorBoundary';
// Sets <html data-theme> before the first render, so that no page flashes light.
import './lib/theme';
import './styles.css';

// Changes made in other tabs and devices reach this one while signed in.
startLiveFeed();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
