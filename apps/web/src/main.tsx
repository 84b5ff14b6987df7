import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, logout, onSessionChange } from './api';
import { label, setLanguage, t, useLanguage } from './i18n';
import { Link, match, navigate, useLocation } from './router';
import { UpdatingNotice } from './components/updating';
import { SandboxBanner } from './sandbox';
import { ActPage } from './pages/acts';
import { ConfirmAlerts, FollowerSignUp, MyAlertsPage } from './pages/alerts';
import { AuctionRoom } from './pages/auction-room';
import { BuyerDesk, BuyerTender } from './pages/buyer-desk';
import { CalendarPage } from './pages/calendar';
import { ClassifierBrowser } from './pages/classifier';
import { deskOf, Login } from './pages/login';
import { BuyerResearch, BuyerResearchDesk, SupplierResearch, SupplierResearchDesk } from './pages/market-research';
import { DataDictionary } from './pages/data-dictionary';
import { OpenData } from './pages/open-data';
import { BuyingUnitProfile, SupplierProfile } from './pages/profiles';
import { RegistrarDesk } from './pages/registrar-desk';
import { Sanctions } from './pages/sanctions';
import { StateAdminDesk } from './pages/state-admin-desk';
import { Statistics } from './pages/statistics';
import { SupplierDesk, SupplierRegistration } from './pages/supplier-desk';
import { ProposalReceipt } from './pages/supplier-work';
import { AuditorDesk } from './pages/auditor-desk';
import { BuyerQuotations, QuotationRequestPage, SupplierQuotations } from './pages/quotations';
import { TenderPage } from './pages/tender';
import { TenderSearch } from './pages/tender-search';
import { BuyerPlanDesk, PlansOfYearPage, PublicPlanRoute } from './pages/plans';
import { Catalogue, EstablishAgreement, FrameworkAgreementPage, FrameworkAgreements } from './pages/frameworks';
import { WorksLogRoute } from './pages/works-log';
import './styles.css';

type Route = [pattern: string, page: (params: Record<string, string>) => preact.JSX.Element];

const ROUTES: Route[] = [
  ['/', () => <TenderSearch />],
  ['/licitaciones/:id', ({ id }) => <TenderPage tenderId={id} />],
  ['/licitaciones/:id/actas/apertura', ({ id }) => <ActPage tenderId={id} act="apertura" />],
  ['/licitaciones/:id/actas/fallo', ({ id }) => <ActPage tenderId={id} act="fallo" />],
  [
    '/licitaciones/:id/actas/subasta/:auction',
    ({ id, auction }) => <ActPage tenderId={id} act="subasta" auctionId={auction} />,
  ],
  ['/proveedores/:id', ({ id }) => <SupplierProfile supplierId={id} />],
  ['/unidades/:id', ({ id }) => <BuyingUnitProfile buyingUnitId={id} />],
  ['/unidades/:id/programa/:year', ({ id, year }) => <PublicPlanRoute unitId={id} year={year} />],
  ['/programas/:year', ({ year }) => <PlansOfYearPage year={year} />],
  ['/contratos/:id/bitacora', ({ id }) => <WorksLogRoute contractId={id} />],
  ['/sancionados', () => <Sanctions />],
  ['/clasificador', () => <ClassifierBrowser />],
  ['/clasificador/:code', ({ code }) => <ClassifierBrowser code={code} />],
  ['/estadisticas', () => <Statistics />],
  ['/calendario', () => <CalendarPage />],
  ['/datos-abiertos', () => <OpenData />],
  ['/datos-abiertos/diccionario', () => <DataDictionary />],
  ['/subastas/:id', ({ id }) => <AuctionRoom auctionId={id} />],
  ['/entrar', () => <Login />],
  ['/registro', () => <SupplierRegistration />],
  ['/proveedor', () => <SupplierDesk />],
  [
    '/proveedor/acuse/:tender/:proposal',
    ({ tender, proposal }) => <ProposalReceipt tenderId={tender} proposalId={proposal} />,
  ],
  ['/auditor', () => <AuditorDesk />],
  ['/comprador', () => <BuyerDesk />],
  ['/comprador/programa', () => <BuyerPlanDesk />],
  ['/comprador/licitaciones/:id', ({ id }) => <BuyerTender tenderId={id} />],
  ['/comprador/investigaciones', () => <BuyerResearchDesk />],
  ['/comprador/investigaciones/:id', ({ id }) => <BuyerResearch researchId={id} />],
  ['/proveedor/investigaciones', () => <SupplierResearchDesk />],
  ['/proveedor/investigaciones/:id', ({ id }) => <SupplierResearch researchId={id} />],
  ['/registrador', () => <RegistrarDesk />],
  ['/administracion-estatal', () => <StateAdminDesk />],
  ['/cotizaciones/:id', ({ id }) => <QuotationRequestPage rfqId={id} />],
  ['/comprador/cotizaciones', () => <BuyerQuotations />],
  ['/proveedor/cotizaciones', () => <SupplierQuotations />],
  ['/alertas', () => <MyAlertsPage />],
  ['/alertas/registro', () => <FollowerSignUp />],
  ['/alertas/confirmar', () => <ConfirmAlerts />],
  ['/convenios-marco', () => <FrameworkAgreements />],
  ['/convenios-marco/:id', ({ id }) => <FrameworkAgreementPage agreementId={id} />],
  ['/catalogo', () => <Catalogue />],
  ['/comprador/convenio-marco', () => <EstablishAgreement />],
];

function useSession() {
  const [session, setSession] = useState(currentSession());
  useEffect(() => onSessionChange(() => setSession(currentSession())), []);
  return session;
}

function App() {
  const language = useLanguage();
  const session = useSession();
  const { path } = useLocation();
  const found = ROUTES.map(([pattern, page]) => [match(pattern, path), page] as const).find(
    ([params]) => params !== null,
  );
  useEffect(() => {
    document.title = `Licita — ${t('Contrataciones públicas abiertas')}`;
  }, [language]);
  // One answer for where each role lands: the login's.
  const home = session ? deskOf(session.account.role) : '/';
  const desk = home === '/' ? null : home;
  const navLink = (href: string, text: string) => (
    <Link href={href} aria-current={path === href || (href !== '/' && path.startsWith(href)) ? 'page' : undefined}>
      {text}
    </Link>
  );
  return (
    <>
      <a class="skip" href="#content">
        {t('Saltar al contenido')}
      </a>
      <SandboxBanner />
      <header class="top">
        <div class="bar">
          <Link href="/" class="brand">
            Licita<small>{t('Contrataciones públicas abiertas')}</small>
          </Link>
          <nav class="main" aria-label={t('Secciones')}>
            {navLink('/', t('Licitaciones'))}
            {navLink('/calendario', t('Calendario'))}
            {navLink('/estadisticas', t('Estadísticas'))}
            {navLink('/clasificador', t('Clasificador'))}
            {navLink('/sancionados', t('Sancionados'))}
            {navLink('/convenios-marco', t('Convenios marco'))}
            {navLink('/datos-abiertos', t('Datos abiertos'))}
            {desk && navLink(desk, desk === '/alertas' ? t('Mis alertas') : t('Mi escritorio'))}
            {session && desk !== '/alertas' && navLink('/alertas', t('Mis alertas'))}
          </nav>
          <div class="lang" role="group" aria-label={t('Idioma')}>
            <button type="button" aria-pressed={language === 'es'} onClick={() => setLanguage('es')} lang="es">
              ES
            </button>{' '}
            <button type="button" aria-pressed={language === 'en'} onClick={() => setLanguage('en')} lang="en">
              EN
            </button>
          </div>
          <div class="account">
            {session ? (
              <>
                <span title={session.account.email}>
                  {label('role', session.account.role)}: {session.account.email}
                </span>
                <button type="button" onClick={() => (logout(), navigate('/'))}>
                  {t('Salir')}
                </button>
              </>
            ) : (
              <>
                <Link href="/entrar">{t('Entrar')}</Link>
                <Link href="/registro">{t('Registrar proveedor')}</Link>
              </>
            )}
          </div>
        </div>
      </header>
      <UpdatingNotice />
      <main id="content" tabIndex={-1}>
        {found ? found[1](found[0]!) : <NotFound />}
      </main>
      <footer class="bottom">
        {t(
          'Licita: datos públicos de contrataciones. Montos con su moneda (pesos mexicanos salvo que diga otra), nunca sumados entre monedas; horas de la Ciudad de México.',
        )}{' '}
        <a href="/docs">API</a> · <Link href="/datos-abiertos">OCDS</Link>
      </footer>
    </>
  );
}

function NotFound() {
  return (
    <div class="card">
      <h1>{t('Página no encontrada')}</h1>
      <Link href="/">{t('Ir a la búsqueda de licitaciones')}</Link>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
