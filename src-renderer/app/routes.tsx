import type { RouteDef } from './route-def';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { GenerationPage } from '../pages/generation/GenerationPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { ClassifierPage } from '../pages/classifier/ClassifierPage';
import { PrivacyPage } from '../pages/privacy/PrivacyPage';
import { ReportsPage } from '../pages/reports/ReportsPage';
import { ReviewPage } from '../pages/review/ReviewPage';
import { REVIEW_SHORTCUTS } from '../pages/review/review-shortcuts';
import { SweepPage } from '../pages/sweep/SweepPage';

export type { RouteDef };

export const ROUTES: readonly RouteDef[] = [
  {
    path: 'datasets',
    label: 'Datasets',
    shortcutKey: 'd',
    blurb: 'Import, browse, export',
    Page: DatasetsPage,
    search: true,
  },
  { path: 'models', label: 'Models', shortcutKey: 'm', blurb: 'Register and test LLMs', Page: ModelsPage },
  { path: 'sweep', label: 'Sweep', shortcutKey: 's', blurb: 'Choose temperatures', Page: SweepPage },
  { path: 'generation', label: 'Generation', shortcutKey: 'n', blurb: 'Rephrase posts 1:3', Page: GenerationPage },
  {
    path: 'review',
    label: 'Review',
    shortcutKey: 'r',
    blurb: 'Accept, reject, edit',
    Page: ReviewPage,
    shortcuts: REVIEW_SHORTCUTS,
  },
  { path: 'classifier', label: 'Classifier', shortcutKey: 'c', blurb: 'Train and compare F1', Page: ClassifierPage },
  { path: 'privacy', label: 'Privacy', shortcutKey: 'p', blurb: 'Linkage and PII leaks', Page: PrivacyPage },
  { path: 'reports', label: 'Reports', shortcutKey: 'e', blurb: 'HTML report, exports', Page: ReportsPage },
];

export const DEFAULT_ROUTE = ROUTES[0]!;

export function routeFor(path: string): RouteDef {
  return ROUTES.find((r) => r.path === path) ?? DEFAULT_ROUTE;
}
