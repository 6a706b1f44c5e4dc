import type { ProcOutput } from '../../../src-main/contract/contract';
import { Badge } from '../../components/Badge';

type Hardware = ProcOutput<'models.list'>['hardware'];

const BACKEND_NAMES: Record<Hardware['backend'], string> = {
  cuda: 'CUDA GPU',
  vulkan: 'Vulkan GPU',
  metal: 'Metal GPU',
  cpu: 'CPU',
};

/** What local GGUF models will run on; jobs report their thread count as they run. */
export function HardwareSummary({ hardware }: { hardware: Hardware }) {
  return (
    <div className="hardware" aria-label="Hardware in use">
      <Badge tone={hardware.backend === 'cpu' ? 'neutral' : 'good'}>{BACKEND_NAMES[hardware.backend]}</Badge>
      <span>
        {hardware.physicalCores} physical {hardware.physicalCores === 1 ? 'core' : 'cores'}
        {hardware.gpuDevices.length > 0 ? ` · ${hardware.gpuDevices.join(', ')}` : ' · no GPU in use'}
      </span>
    </div>
  );
}
