/** Sign in; then to the desk of the account's role (a temporary password must be changed first). */
import { useState } from 'preact/hooks';
import { api, login } from '../api';
import { valueOf } from '../components/blocks';
import { ActionForm, InputField } from '../components/ui';
import { t } from '../i18n';
import { Link, navigate, useLocation } from '../router';

export const deskOf = (role: string) =>
  role === 'supplier'
    ? '/proveedor'
    : role === 'buyer'
      ? '/comprador'
      : role === 'registrar'
        ? '/registrador'
        : role === 'auditor'
          ? '/auditor'
          : role === 'follower'
            ? '/alertas'
            : role === 'state_admin'
              ? '/administracion-estatal'
              : '/';

export function Login() {
  const { query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mustChange, setMustChange] = useState(false);
  const next = query.get('siguiente');
  const signIn = async () => {
    const session = await login(email.trim(), password);
    if (session.account.mustChangePassword) return setMustChange(true);
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : deskOf(session.account.role));
  };
  if (mustChange) return <ChangePassword email={email} current={password} />;
  return (
    <div class="card" style={{ maxWidth: '28rem', margin: '0 auto' }}>
      <h1>{t('Entrar')}</h1>
      <ActionForm action={signIn} submit={t('Entrar')}>
        <InputField
          label={t('Correo electrónico')}
          type="email"
          name="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(valueOf(event))}
        />
        <InputField
          label={t('Contraseña')}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(valueOf(event))}
        />
      </ActionForm>
      <p class="small">
        {t('¿Tu empresa aún no está registrada?')} <Link href="/registro">{t('Registrar proveedor')}</Link>
      </p>
      <p class="small">
        {t('¿Quiere recibir avisos de procedimientos?')}{' '}
        <Link href="/alertas/registro">{t('Crear una cuenta para recibir avisos')}</Link>
      </p>
    </div>
  );
}

function ChangePassword({ email, current }: { email: string; current: string }) {
  const [password, setPassword] = useState('');
  const change = async () => {
    await api('POST', '/api/accounts/me/password', { currentPassword: current, newPassword: password });
    const session = await login(email.trim(), password);
    navigate(deskOf(session.account.role));
  };
  return (
    <div class="card" style={{ maxWidth: '28rem', margin: '0 auto' }}>
      <h1>{t('Cambia tu contraseña temporal')}</h1>
      <ActionForm action={change} submit={t('Guardar contraseña')}>
        <InputField
          label={t('Nueva contraseña')}
          hint={t('Entre 12 y 128 caracteres.')}
          type="password"
          autocomplete="new-password"
          minLength={12}
          maxLength={128}
          required
          value={password}
          onInput={(event) => setPassword(valueOf(event))}
        />
      </ActionForm>
    </div>
  );
}
