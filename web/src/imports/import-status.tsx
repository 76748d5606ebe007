import type { ImportDto } from '@shop/customers-sdk';
import { Badge } from '../design/feedback';

const TONES = {
  queued: 'neutral',
  processing: 'info',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
} as const;
const LABELS = {
  queued: 'Queued',
  processing: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
} as const;

export function ImportStatusBadge({ status }: { status: ImportDto['status'] }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}

export const isRunning = (status: ImportDto['status']): boolean =>
  status === 'queued' || status === 'processing';
