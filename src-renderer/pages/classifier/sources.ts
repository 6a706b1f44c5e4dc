import { SOURCE_ALL_SYNTHETIC, SOURCE_ORIGINAL } from '../../../src-main/contract/classify-schemas';

/** "original", "all synthetic", or the model's name for `synthetic:MODEL`. */
export function sourceLabel(source: string): string {
  if (source === SOURCE_ORIGINAL) return 'original';
  if (source === SOURCE_ALL_SYNTHETIC) return 'all synthetic';
  return source.replace(/^synthetic:/, '');
}
