/** "Actualizando…" while a page's reads wait for the read models to show this tab's last action (see api.ts). */
import { useEffect, useState } from 'preact/hooks';
import { isUpdating, onUpdating } from '../api';
import { t } from '../i18n';

export function UpdatingNotice() {
  const [updating, setUpdating] = useState(isUpdating());
  useEffect(() => onUpdating(() => setUpdating(isUpdating())), []);
  if (!updating) return null;
  return (
    <p class="notice updating" role="status" aria-live="polite">
      {t('Actualizando…')}
    </p>
  );
}
