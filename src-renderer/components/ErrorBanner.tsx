import type { ReactNode } from 'react';

interface ErrorBannerProps {
  /** What was being attempted, e.g. "Import failed". */
  title: string;
  /** The engine's message, shown verbatim: it names the file, the line and the reason. */
  message: string;
  /** What the person can do about it. */
  children?: ReactNode;
  onDismiss?: () => void;
}

export function ErrorBanner({ title, message, children, onDismiss }: ErrorBannerProps) {
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <strong>{title}</strong>
        <p className="engine-message">{message}</p>
        {children && <div className="banner-hint">{children}</div>}
      </div>
      {onDismiss && (
        <button type="button" className="icon-button" aria-label="Dismiss error" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
