/** Public profiles: a supplier's and a buying unit's awards, contracts, sanctions and amounts by year. */
import type { BuyingUnitTransparencyProfile, SupplierTransparencyProfile } from '@licita/transparency';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { ChartCanvas, moneyBars, PALETTE } from '../components/chart';
import { Facts, ListSection, RedFlag, AwardsSection, Table, type Column, type Fact } from '../components/blocks';
import { ExportLinks } from '../components/exports';
import { Badge, Loaded, Money, OrEmpty, Section, useAsync } from '../components/ui';
import { date, number } from '../format';
import { label, t, tn } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import { Party } from './tender';
import { FollowButton } from './alerts';
import { UnitPlansLinks } from './plans';

type SupplierProfileData = SupplierTransparencyProfile;
type UnitProfileData = BuyingUnitTransparencyProfile;
type AwardLine = SupplierProfileData['awards'][number];
type ContractLine = SupplierProfileData['contracts'][number];
type YearFigures = SupplierProfileData['byYear'][number];
export type Sanction = SupplierProfileData['sanctions'][number];

export function SupplierProfile({ supplierId }: { supplierId: string }) {
  const profile = useAsync(() => get<SupplierProfileData>(PUBLIC.supplier(supplierId)), [supplierId]);
  return (
    <Loaded state={profile}>
      {(p) => (
        <>
          <ProfileTop
            name={p.legalName}
            follow={<FollowButton kind="supplier" id={supplierId} />}
            section={t('Padrón de proveedores')}
            years={p.byYear}
            facts={[
              ['RFC', p.rfc, 'mono'],
              ...registerFacts(p.register, p.sanctions),
              [t('Adjudicaciones'), number(p.totals.awards)],
              [t('Contratos'), number(p.totals.contracts)],
              ...p.totals.byCurrency.map((c): Fact => [
                t('Monto adjudicado ({currency})', { currency: c.currency }),
                <>
                  <Money amount={c.awardedAmount} /> · {tn(c.awards, '{n} adjudicación', '{n} adjudicaciones')}
                </>,
              ]),
            ]}
          />
          <SanctionList sanctions={p.sanctions} />
          <AwardTable awards={p.awards} show="unit" profile={PUBLIC.supplier(supplierId)} />
          <ContractTable contracts={p.contracts} show="unit" profile={PUBLIC.supplier(supplierId)} />
        </>
      )}
    </Loaded>
  );
}

export function BuyingUnitProfile({ buyingUnitId }: { buyingUnitId: string }) {
  // Which currency's ranking of suppliers: a ranking never mixes currencies.
  const [currency, setCurrency] = useState('MXN');
  const profile = useAsync(
    () => get<UnitProfileData>(`${PUBLIC.buyingUnit(buyingUnitId)}${query({ currency })}`),
    [buyingUnitId, currency],
  );
  return (
    <Loaded state={profile}>
      {(u) => (
        <>
          <ProfileTop
            name={u.name}
            follow={<FollowButton kind="buyingUnit" id={buyingUnitId} />}
            section={t('Unidad compradora')}
            years={u.byYear}
            facts={[
              [t('Clave'), u.code, 'mono'],
              [t('Institución'), u.parentInstitution],
              [t('Orden de gobierno'), label('level', u.level)],
              [t('Procedimientos'), number(u.procedures.total)],
              ...Object.entries(u.procedures.byProcedureType).map(([type, n]): Fact => [
                label('procedureType', type),
                number(n),
              ]),
            ]}
          >
            <p>
              <Link href={`/?buyingUnitId=${encodeURIComponent(u.buyingUnitId)}`}>{t('Ver sus procedimientos')}</Link>
            </p>
            <UnitPlansLinks unitId={u.buyingUnitId} />
          </ProfileTop>
          {u.integrity && (
            <Section title={t('Indicadores de integridad')}>
              <p>
                {t('{flagged} de {total} procedimientos levantan alguna bandera roja.', {
                  flagged: u.integrity.flaggedProcedures,
                  total: u.integrity.procedures,
                })}
              </p>
              {u.integrity.unitFlags.map((flag) => (
                <RedFlag flag={flag} testId={`unit-flag-${flag.code}`} />
              ))}
            </Section>
          )}
          <TopSupplierList top={u.topSuppliers} onCurrency={setCurrency} />
          <AwardTable awards={u.awards} show="supplier" profile={PUBLIC.buyingUnit(buyingUnitId)} />
          <ContractTable contracts={u.contracts} show="supplier" profile={PUBLIC.buyingUnit(buyingUnitId)} />
        </>
      )}
    </Loaded>
  );
}

/** The unit's largest winners in one currency, with a switch to each other currency it awarded in. */
function TopSupplierList({
  top,
  onCurrency,
}: {
  top: UnitProfileData['topSuppliers'];
  onCurrency: (c: string) => void;
}) {
  return (
    <Section title={t('Principales proveedores ({currency})', { currency: top.currency })}>
      {top.currencies.length > 1 && (
        <p data-testid="top-suppliers-currencies">
          {t('Por monto adjudicado en una moneda; nunca se suman monedas distintas:')}{' '}
          {top.currencies.map((c) => (
            <button
              type="button"
              class="link"
              aria-pressed={c.currency === top.currency}
              onClick={() => onCurrency(c.currency)}
            >
              {c.currency} ({tn(c.awards, '{n} adjudicación', '{n} adjudicaciones')})
            </button>
          ))}
        </p>
      )}
      {top.suppliers.length === 0 ? (
        <p>{t('Sin adjudicaciones todavía.')}</p>
      ) : (
        <ol data-testid="top-suppliers">
          {top.suppliers.map((s) => (
            <li>
              <Party party={s.supplier} kind="supplier" /> — {tn(s.awards, '{n} adjudicación', '{n} adjudicaciones')},{' '}
              <Money amount={s.awardedAmount} />
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

/** A profile's name, its facts (and `children` under them) beside its amounts by year. */
function ProfileTop({
  name,
  follow,
  section,
  facts,
  years,
  children,
}: {
  name: string;
  follow?: ComponentChildren;
  section: string;
  facts: Fact[];
  years: YearFigures[];
  children?: ComponentChildren;
}) {
  return (
    <>
      <h1>{name}</h1>
      {follow}
      <div class="grid">
        <Section title={section}>
          <Facts facts={facts} />
          {children}
        </Section>
        <YearChart years={years} />
      </div>
      <div style={{ height: '1rem' }} />
    </>
  );
}

/**
 * The register's word on the supplier. A sanction in force outranks the register status: a verified supplier
 * under a sanction cannot take part, and is shown as sanctioned, never as "Verificado".
 */
function registerFacts(register: SupplierProfileData['register'], sanctions: Sanction[]): Fact[] {
  if (!register) return [];
  const sanctioned = sanctions.some((s) => s.status === 'in_force');
  const status = sanctioned ? (
    <Badge kind="bad">{t('Sancionado: no puede participar')}</Badge>
  ) : (
    <Badge kind={register.eligible ? 'good' : 'warn'}>{label('supplierStatus', register.status)}</Badge>
  );
  return [
    [t('Estado'), <span data-testid="supplier-status">{status}</span>],
    [t('Tamaño'), label('size', register.size)],
    [t('Registrado'), date(register.registeredAt)],
  ];
}

/** One chart per currency: a year's bars never add pesos and dollars. */
function YearChart({ years }: { years: YearFigures[] }) {
  const currencies = [...new Set(years.map((y) => y.currency))];
  return (
    <Section title={t('Montos por año')}>
      <OrEmpty items={years} empty={t('Sin montos todavía.')}>
        {() =>
          currencies.map((currency) => {
            const mine = years.filter((y) => y.currency === currency);
            return (
              <ChartCanvas
                label={t('Montos adjudicados y contratados por año ({currency})', { currency })}
                height={220}
                config={moneyBars(
                  mine.map((y) => String(y.year)),
                  [
                    {
                      label: `${t('Adjudicado')} (${currency})`,
                      amounts: mine.map((y) => y.awardedAmount),
                      color: PALETTE[0],
                    },
                    {
                      label: `${t('Contratado')} (${currency})`,
                      amounts: mine.map((y) => y.contractedAmount),
                      color: PALETTE[1],
                    },
                  ],
                )}
              />
            );
          })
        }
      </OrEmpty>
    </Section>
  );
}

function SanctionList({ sanctions }: { sanctions: Sanction[] }) {
  return (
    <ListSection title={t('Sanciones')} items={sanctions}>
      {(s) => (
        <>
          <SanctionBadge status={s.status} /> {s.resolutionNumber}: {s.reason} ({sanctionPeriod(s)})
        </>
      )}
    </ListSection>
  );
}

type Show = 'unit' | 'supplier';

/** The procedure, the other party (the unit on a supplier's profile, the supplier on a unit's) and the amount. */
function partyColumns<R extends Pick<AwardLine, 'tenderId' | 'tenderTitle' | 'buyingUnit' | 'supplier' | 'value'>>(
  show: Show,
): Array<Column<R>> {
  return [
    {
      label: t('Procedimiento'),
      cell: (r) => <Link href={`/licitaciones/${encodeURIComponent(r.tenderId)}`}>{r.tenderTitle}</Link>,
    },
    {
      label: show === 'unit' ? t('Unidad compradora') : t('Proveedor'),
      cell: (r) =>
        show === 'unit' ? <Party party={r.buyingUnit} kind="unit" /> : <Party party={r.supplier} kind="supplier" />,
    },
    { label: t('Monto'), num: true, cell: (r) => <Money amount={r.value} /> },
  ];
}

/** `profile` is the profile's API path: its lists' files are `<profile>/awards/export` and `…/contracts/export`. */
function AwardTable({ awards, show, profile }: { awards: AwardLine[]; show: Show; profile: string }) {
  const columns: Array<Column<AwardLine>> = [
    ...partyColumns<AwardLine>(show),
    { label: t('Fecha'), cell: (a) => date(a.awardedAt) },
  ];
  return (
    <>
      <AwardsSection columns={columns} rows={awards} />
      {awards.length > 0 && <ExportLinks path={`${profile}/awards/export`} listQuery="" />}
    </>
  );
}

function ContractTable({ contracts, show, profile }: { contracts: ContractLine[]; show: Show; profile: string }) {
  if (contracts.length === 0) return null;
  const columns: Array<Column<ContractLine>> = [
    ...partyColumns<ContractLine>(show),
    { label: t('Firmado'), cell: (c) => date(c.signedAt) },
    { label: t('Estado'), cell: (c) => label('contractStatus', c.status) },
  ];
  return (
    <Section title={t('Contratos')}>
      <Table columns={columns} rows={contracts} />
      <ExportLinks path={`${profile}/contracts/export`} listQuery="" />
    </Section>
  );
}

export const SanctionBadge = ({ status }: { status: string }) => (
  <Badge kind={status === 'in_force' ? 'bad' : 'neutral'}>{label('sanctionStatus', status)}</Badge>
);

export const sanctionPeriod = (s: { startsAt: string; endsAt: string | null }) =>
  `${date(s.startsAt)} – ${s.endsAt ? date(s.endsAt) : t('indefinida')}`;
