import { useEffect, useState } from 'react';

/**
 * What a results page remembers for its dataset: the run the person picked (undefined: the
 * page's default) and the job they started from it. Both reset when the dataset changes.
 */
export function useRunChoice(dataset: string | undefined) {
  const [picked, setPicked] = useState<number>();
  const [job, setJob] = useState<number | null>(null);
  useEffect(() => {
    setPicked(undefined);
    setJob(null);
  }, [dataset]);
  return { picked, setPicked, job, setJob };
}
