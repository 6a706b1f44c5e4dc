import { diffWords } from 'diff';
import { useMemo, type Ref } from 'react';
import { Badge, type BadgeTone } from '../../components/Badge';
import { formatTemperature } from '../../lib/format';
import { DiffText } from './DiffText';
import { LabelChips } from './LabelChips';
import { LabelEditor } from './LabelEditor';
import {
  DECISION_LABELS,
  shownText,
  type DecisionRequest,
  type DecisionView,
  type ReviewVariant,
} from './review-decisions';
import { TextEditor } from './TextEditor';
import { VariantBadges } from './VariantBadges';

export type CardMode = 'view' | 'edit' | 'labels';

const DECISION_TONES: Record<DecisionView['decision'], BadgeTone> = {
  accept: 'good',
  reject: 'bad',
  edit: 'info',
  relabel: 'info',
};

interface VariantReviewCardProps {
  ref?: Ref<HTMLElement>;
  variant: ReviewVariant;
  position: string;
  original: { text: string; labels: string[] };
  categories: string[];
  active: boolean;
  mode: CardMode;
  onActivate: () => void;
  onMode: (mode: CardMode) => void;
  onDecide: (request: DecisionRequest) => void;
}

/** One variant beside its original: its differences, closeness badges, labels, and the decision controls. */
export function VariantReviewCard({
  ref,
  variant,
  position,
  original,
  categories,
  active,
  mode,
  onActivate,
  onMode,
  onDecide,
}: VariantReviewCardProps) {
  const text = shownText(variant);
  const parts = useMemo(() => diffWords(original.text, text), [original.text, text]);
  const decision = variant.decision?.decision;
  const labels = variant.decision?.labels ?? original.labels;

  return (
    <article
      ref={ref}
      tabIndex={-1}
      className={`review-variant ${active ? 'review-variant-active' : ''}`}
      aria-label={`${position}: ${variant.model}`}
      aria-current={active ? 'true' : undefined}
      data-variant={variant.id}
      onFocus={onActivate}
      onClick={onActivate}
    >
      <div className="variant-meta">
        <span className="variant-model">{variant.model}</span>
        <span className="muted">T {formatTemperature(variant.temperature)}</span>
        <span className="spacer" />
        {variant.inSet ? (
          <Badge tone="good" title="Under every annotator's latest decision, this variant is in the synthetic set">
            in the synthetic set
          </Badge>
        ) : (
          <Badge tone="bad" title="An annotator's latest decision rejects it: experiments, the audit and the release leave it out">
            left out
          </Badge>
        )}
        <span className="decision-status" aria-live="polite">
          {decision ? (
            <Badge tone={DECISION_TONES[decision]}>{DECISION_LABELS[decision]}</Badge>
          ) : (
            <Badge>not decided</Badge>
          )}
        </span>
      </div>
      <div className="review-variant-body">
        <div className="badge-row">
          <VariantBadges variant={variant} />
        </div>
        {mode === 'edit' ? (
          <TextEditor
            initial={text}
            onSave={(edited) => onDecide({ kind: 'edit', text: edited })}
            onCancel={() => onMode('view')}
          />
        ) : (
          <DiffText parts={parts} side="added" />
        )}
        {decision === 'edit' && mode !== 'edit' && (
          <p className="muted small">Edited by you; the model wrote: “{variant.text}”</p>
        )}
        {decision !== 'edit' && mode !== 'edit' && variant.currentText !== variant.text && (
          <p className="muted small">Edited by another annotator; the model wrote: “{variant.text}”</p>
        )}
        {decision === 'edit' && mode !== 'edit' && variant.decision?.editedText !== variant.currentText && (
          <p className="muted small">A later edit by another annotator is what the synthetic set holds: “{variant.currentText}”</p>
        )}
        {variant.piiCarried.length > 0 && (
          <p className="pii-carried">
            Carried over:{' '}
            {variant.piiCarried.map((p, i) => (
              <span key={i}>
                {i > 0 && ', '}
                {p.category} <code>{p.value}</code>
              </span>
            ))}
          </p>
        )}
        {mode === 'labels' ? (
          <LabelEditor
            categories={categories}
            initial={labels}
            onSave={(next) => onDecide({ kind: 'relabel', labels: next })}
            onCancel={() => onMode('view')}
          />
        ) : (
          <LabelChips labels={labels} original={original.labels} />
        )}
      </div>
      <div className="review-actions">
        <button
          type="button"
          className="button button-small"
          aria-pressed={decision === 'accept'}
          aria-keyshortcuts="a"
          onClick={() => onDecide({ kind: 'accept' })}
        >
          Accept <kbd aria-hidden="true">a</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          aria-pressed={decision === 'reject'}
          aria-keyshortcuts="r"
          onClick={() => onDecide({ kind: 'reject' })}
        >
          Reject <kbd aria-hidden="true">r</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          aria-pressed={decision === 'edit'}
          aria-keyshortcuts="e"
          onClick={() => onMode('edit')}
        >
          Edit text <kbd aria-hidden="true">e</kbd>
        </button>
        <button
          type="button"
          className="button button-small"
          aria-pressed={decision === 'relabel'}
          aria-keyshortcuts="l"
          onClick={() => onMode('labels')}
        >
          Labels <kbd aria-hidden="true">l</kbd>
        </button>
      </div>
    </article>
  );
}
