/**
 * The earlier cleaning and validation of model output, replaced by the reply gate (reply-gate.ts).
 * `trigramOverlap` stays importable from here for code written against this module.
 */
export { trigramOverlap } from './reply-gate-text.js';
