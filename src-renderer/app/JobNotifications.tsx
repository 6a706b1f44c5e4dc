import { useApiEvents } from './job-activity';
import { useToasts } from './toasts';

/** How a person names each kind of job; an unknown kind is shown as it is. */
const JOB_NAMES: Record<string, string> = {
  generate: 'Generation',
  sweep: 'Temperature sweep',
  train: 'Training',
  experiment: 'Classifier experiment',
  audit: 'Privacy audit',
};

/**
 * Tells the person when a long job ends, whichever page they are on. Imports and downloads are
 * reported by the forms that started them; pauses and cancellations were the person's own doing.
 */
export function JobNotifications() {
  const { notify } = useToasts();
  useApiEvents((e) => {
    if (e.type !== 'finished' || e.kind === 'import' || e.kind === 'download') return;
    const job = `${JOB_NAMES[e.kind] ?? e.kind} job #${e.job}`;
    if (e.state === 'done') notify('success', `${job} has finished.`);
    if (e.state === 'failed') notify('error', `${job} failed: ${e.error ?? 'no reason was given'}`);
  });
  return null;
}
