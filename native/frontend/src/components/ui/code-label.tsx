// A status, priority or category code shown translated, styled per code.
import type { Category, Priority, Role, Status } from '@/lib/domain';
import { useI18n, type MessageKey } from '@/lib/i18n';

type Props =
  | { kind: 'status'; code: Status }
  | { kind: 'priority'; code: Priority }
  | { kind: 'category'; code: Category }
  | { kind: 'role'; code: Role };

export function CodeLabel(props: Props) {
  const { t } = useI18n();
  const key = `${props.kind}.${props.code}` as MessageKey;
  return <span className={`badge badge--${props.kind} badge--${props.kind}-${props.code}`}>{t(key)}</span>;
}
