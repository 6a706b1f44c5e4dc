import { useId, type ReactNode } from 'react';

interface PanelProps {
  title: ReactNode;
  /** Controls at the right of the title (filters, buttons). */
  actions?: ReactNode;
  className?: string;
  /** An element id, e.g. to scroll to the panel. */
  id?: string;
  children: ReactNode;
}

/** A titled section of a page; the title labels the region for assistive technology. */
export function Panel({ title, actions, className, id, children }: PanelProps) {
  const titleId = useId();
  return (
    <section id={id} className={`panel ${className ?? ''}`} aria-labelledby={titleId}>
      <div className="panel-header">
        <h2 id={titleId}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
