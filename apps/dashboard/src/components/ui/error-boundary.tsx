import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from './button';
import { Callout } from './callout';

interface State {
  error: Error | null;
}

/** Keeps one broken panel from blanking the whole dashboard. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Dashboard view failed', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey?: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const chunkFailed = /dynamically imported module|Loading chunk|Importing a module script failed/i.test(
      this.state.error.message,
    );
    return (
      <div style={{ maxWidth: 640, margin: '48px auto', padding: '0 16px' }}>
        <Callout
          tone="danger"
          title={chunkFailed ? 'A new version of the dashboard is available' : 'This view could not be shown'}
          role="alert"
        >
          <p>{chunkFailed ? 'Reload the page to get it.' : this.state.error.message}</p>
          <div style={{ marginTop: 12 }}>
            <Button size="sm" icon="refresh" onClick={() => window.location.reload()}>
              Reload page
            </Button>
          </div>
        </Callout>
      </div>
    );
  }
}
