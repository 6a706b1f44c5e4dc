import type { DatasetSummary } from '../../src-main/contract/schemas';
import { useApi } from '../api/use-api';
import { useSelectedDataset } from './selected-dataset';

export interface Datasets {
  list: DatasetSummary[] | undefined;
  error: string | undefined;
  reload: () => void;
  /** The selected dataset, or the first one when the remembered choice no longer exists. */
  current: DatasetSummary | undefined;
  select: (name: string) => void;
}

export function useDatasets(): Datasets {
  const { data, error, reload } = useApi('datasets.list', {});
  const { name, select } = useSelectedDataset();
  const current = data?.find((d) => d.name === name) ?? data?.[0];
  return { list: data, error, reload, current, select };
}
