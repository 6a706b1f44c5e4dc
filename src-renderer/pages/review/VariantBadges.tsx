import { Badge } from '../../components/Badge';
import { formatScore, plural } from '../../lib/format';
import type { ReviewVariant } from './review-decisions';

/** A run of this many shared words or more is how the privacy audit counts a variant as verbatim. */
const VERBATIM_RUN = 8;

/** How close the variant stays to its original: similarity, the longest shared run of words, PII values carried over. */
export function VariantBadges({ variant }: { variant: ReviewVariant }) {
  const carried = variant.piiCarried.length;
  return (
    <>
      {variant.similarity !== null && (
        <Badge tone="info" title="Cosine similarity to the original: lower keeps less of its wording">
          similarity {formatScore(variant.similarity, 2)}
        </Badge>
      )}
      <Badge
        tone={variant.verbatimRun >= VERBATIM_RUN ? 'warn' : 'neutral'}
        title="Longest run of consecutive words copied from the original"
      >
        verbatim run {plural(variant.verbatimRun, 'word')}
      </Badge>
      <Badge
        tone={carried > 0 ? 'bad' : 'good'}
        title={carried > 0 ? 'Specific values of the original that reappear in the variant' : undefined}
      >
        {carried > 0 ? `PII carried over: ${carried}` : 'no PII carried over'}
      </Badge>
    </>
  );
}
