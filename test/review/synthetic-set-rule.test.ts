import { describe, expect, it } from 'vitest';
import { resolveReview, type ReviewDecision } from '../../src-main/review/synthetic-set.js';

const model = { text: 'the model wrote this', labels: ['age', 'name'], similarity: 0.4 };
let nextId = 1;
function d(
  annotator: string,
  decision: ReviewDecision['decision'],
  extra: Partial<ReviewDecision> = {},
): ReviewDecision {
  return {
    id: nextId++,
    annotator,
    decision,
    editedText: null,
    labels: null,
    similarity: null,
    at: `t${nextId}`,
    ...extra,
  };
}

describe('how review decisions make the synthetic set', () => {
  it('keeps an unreviewed or accepted variant as the model wrote it, with its source labels', () => {
    for (const decisions of [[], [d('ana', 'accept')]]) {
      const r = resolveReview(model, decisions);
      expect(r).toMatchObject({
        rejected: false,
        text: model.text,
        labels: ['age', 'name'],
        edited: false,
        relabelled: false,
        similarity: 0.4,
        disagreement: false,
      });
    }
  });

  it("uses each annotator's latest decision: a reject taken back no longer counts", () => {
    const r = resolveReview(model, [d('ana', 'reject'), d('ana', 'accept')]);
    expect(r.rejected).toBe(false);
    expect(r.latest.map((x) => x.decision)).toEqual(['accept']);
    // Order of the input does not matter, ids do.
    const [a, b] = [d('ben', 'accept'), d('ben', 'reject')];
    expect(resolveReview(model, [b, a]).rejected).toBe(true);
  });

  it('leaves a variant out when any annotator rejects it, and reports the disagreement', () => {
    const r = resolveReview(model, [d('ana', 'accept'), d('ben', 'reject'), d('cy', 'accept')]);
    expect(r.rejected).toBe(true);
    expect(r.disagreement).toBe(true);
    expect(r.latest.map((x) => x.annotator)).toEqual(['ana', 'ben', 'cy']);
  });

  it("takes the latest edit's text and similarity, and the latest relabel's labels", () => {
    const r = resolveReview(model, [
      d('ana', 'edit', { editedText: 'first edit', similarity: 0.3 }),
      d('ben', 'relabel', { labels: ['location'] }),
      d('cy', 'edit', { editedText: 'second edit', similarity: 0.2, labels: ['health'] }),
    ]);
    expect(r).toMatchObject({
      rejected: false,
      text: 'second edit',
      similarity: 0.2,
      labels: ['health'],
      edited: true,
      relabelled: true,
    });
    // Two different edits and a relabel: the annotators disagree.
    expect(r.disagreement).toBe(true);
    const same = resolveReview(model, [
      d('ana', 'relabel', { labels: ['b', 'a'] }),
      d('ben', 'relabel', { labels: ['a', 'b'] }),
    ]);
    expect(same).toMatchObject({ relabelled: true, disagreement: false, labels: ['a', 'b'] });
  });
});
