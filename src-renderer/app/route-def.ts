import type { ComponentType } from 'react';

/**
 * One page of the workbench, in the order of the work: data, models, sweep, generation, then the analyses.
 * Kept apart from routes.tsx (which imports every page) so that modules the pages use, such as the
 * shortcuts, can name the type without an import cycle back through the pages.
 */
export interface RouteDef {
  path: string;
  label: string;
  /** Second key of the "g then key" shortcut that opens the page. */
  shortcutKey: string;
  /** One line under the label in the sidebar. */
  blurb: string;
  Page: ComponentType;
  /** Whether the page has a search box that "/" focuses (marked data-page-search). */
  search?: boolean;
  /** The page's own keys, for the "?" list of shortcuts. */
  shortcuts?: readonly { shown: readonly string[]; description: string }[];
}
