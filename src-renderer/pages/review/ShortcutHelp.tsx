import { ShortcutList } from '../../components/ShortcutList';
import { REVIEW_SHORTCUTS } from './review-shortcuts';

/** The review keys, from the same list the handler uses. */
export function ShortcutHelp() {
  return <ShortcutList shortcuts={REVIEW_SHORTCUTS} label="Keyboard shortcuts" />;
}
