// The last resort: a page that fails to render says so, instead of leaving
// a blank screen.

import { Component, type ReactNode } from 'react';

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error('the page failed to render:', error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main" className="page">
        <div className="alert alert--error" role="alert">
          <h1>Something went wrong on this page</h1>
          <p>Your data is safe. Reload the page to try again; if it keeps happening, go back to the dashboard.</p>
          <p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload
            </button>{' '}
            <a href="/">Go to the dashboard</a>
          </p>
        </div>
      </main>
    );
  }
}
