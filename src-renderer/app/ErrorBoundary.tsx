import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Keeps one broken page from blanking the whole window; the sidebar stays usable. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="banner banner-error" role="alert">
        <strong>This page stopped working.</strong>
        <p className="engine-message">{this.state.error.message}</p>
        <p>
          Open another page from the sidebar, or reload the window. If it happens again, please report the message
          above.
        </p>
      </div>
    );
  }
}
