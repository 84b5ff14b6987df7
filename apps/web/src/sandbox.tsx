import { t } from './i18n';

/** `sandbox` when the server says this deployment is for practice (index.html's meta, set by apps/api/web). */
export function isSandbox(): boolean {
  return document.querySelector<HTMLMetaElement>('meta[name="licita-mode"]')?.content === 'sandbox';
}

/** Shown above every page of a sandbox: nothing here is a real procurement. */
export function SandboxBanner() {
  if (!isSandbox()) return null;
  return (
    <div class="sandbox-banner" role="note" data-testid="sandbox-banner">
      <strong>SANDBOX / PRÁCTICA</strong>{' '}
      {t('Modo de práctica: ninguna licitación, propuesta ni contrato de este sitio es real.')}
    </div>
  );
}
