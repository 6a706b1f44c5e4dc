import type { ComponentType } from 'react';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { GenerationPage } from '../pages/generation/GenerationPage';
import { ModelsPage } from '../pages/models/ModelsPage';

/** One page of the workbench. Later pages (sweep, review, classifier, privacy, reports) are one more entry each. */
export interface RouteDef {
  path: string;
  label: string;
  /** Second key of the "g then key" shortcut that opens the page. */
  shortcutKey: string;
  /** One line under the label in the sidebar. */
  blurb: string;
  Page: ComponentType;
}

export const ROUTES: readonly RouteDef[] = [
  { path: 'datasets', label: 'Datasets', shortcutKey: 'd', blurb: 'Import, browse, export', Page: DatasetsPage },
  { path: 'models', label: 'Models', shortcutKey: 'm', blurb: 'Register and test LLMs', Page: ModelsPage },
  { path: 'generation', label: 'Generation', shortcutKey: 'n', blurb: 'Rephrase posts 1:3', Page: GenerationPage },
];

export const DEFAULT_ROUTE = ROUTES[0]!;

export function routeFor(path: string): RouteDef {
  return ROUTES.find((r) => r.path === path) ?? DEFAULT_ROUTE;
}
