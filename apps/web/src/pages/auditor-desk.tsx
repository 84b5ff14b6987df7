/**
 * The auditor's (oversight) desk: every public procedure with its red flags, each one's sealed-proposal metadata
 * (supplier, commitment, size, times: never contents, GET /api/tenders/{id}/sealed-proposals), its challenges to
 * resolve, the red flags across buying units, and the bulk downloads of the open data.
 */
import { useState } from 'preact/hooks';
import type { IntegrityReport } from '@licita/transparency';
import { api, currentSession, get, newId, query } from '../api';
import {
  DeskTender,
  Facts,
  LoadMore,
  ResultItem,
  Results,
  SignInFirst,
  SignInLink,
  usePaged,
  valueOf,
} from '../components/blocks';
import { ActionForm, Badge, Empty, Field, Loaded, Money, OrEmpty, Section, useAsync } from '../components/ui';
import { dateTime } from '../format';
import { label, t } from '../i18n';
import { OCDS, PUBLIC } from '../paths';
import { Link, useLocation } from '../router';
import type { TenderSummary, TenderView } from '../types';
import { titled } from './supplier-work';

type SealedProposal = {
  proposalId: string;
  /** `null` until the opening act makes the bidders public. */
  supplierId: string | null;
  lotIds: string[];
  commitment: string;
  sealedBytes: number;
  signed: boolean;
  firstSubmittedAt: string;
  submittedAt: string;
  replacements: number;
  withdrawnAt: string | null;
};

export function AuditorDesk() {
  const { query: params } = useLocation();
  if (currentSession()?.account.role !== 'auditor') {
    return (
      <SignInFirst title={t('Escritorio de auditoría')}>
        <SignInLink>{t('Entra con tu cuenta de auditor.')}</SignInLink>
      </SignInFirst>
    );
  }
  const tenderId = params.get('licitacion');
  return tenderId ? <AuditedTender tenderId={tenderId} /> : <AuditorHome />;
}

function AuditorHome() {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const procedures = usePaged(
    (cursor) =>
      get<{ items: TenderSummary[]; nextCursor: string | null }>(
        `${PUBLIC.tenders}${query({ q: search, cursor, limit: 20 })}`,
      ),
    search,
  );
  return (
    <>
      <h1>{t('Escritorio de auditoría')}</h1>
      <Section title={t('Todos los procedimientos')}>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch(q);
          }}
        >
          <input aria-label={t('Buscar procedimientos')} value={q} onInput={(e) => setQ(valueOf(e))} />
          <button type="submit">{t('Buscar')}</button>
        </form>
        <Loaded state={procedures.first}>
          {() => (
            <Results items={procedures.items} empty={t('No hay procedimientos.')}>
              {(tender) => (
                <ResultItem href={`/auditor?licitacion=${encodeURIComponent(tender.tenderId)}`} title={titled(tender)}>
                  <Badge kind="info">{label('tenderStatus', tender.status)}</Badge>
                  <span>{tender.buyingUnit.name}</span>
                  <Money amount={tender.value} />
                  {tender.redFlags.length > 0 && (
                    <Badge kind="bad">
                      {t('Banderas rojas')}: {tender.redFlags.length}
                    </Badge>
                  )}
                </ResultItem>
              )}
            </Results>
          )}
        </Loaded>
        <LoadMore when={procedures.next} onMore={procedures.loadMore} />
      </Section>
      <RedFlagsByUnit />
      <Section title={t('Exportar')}>
        <p>
          {t('Los datos abiertos (OCDS) de todos los procedimientos')}: <a href={OCDS.download('json')}>JSON</a> ·{' '}
          <a href={OCDS.download('jsonl')}>JSON Lines</a> · <Link href="/datos-abiertos">{t('Datos abiertos')}</Link>
        </p>
      </Section>
    </>
  );
}

function RedFlagsByUnit() {
  const report = useAsync(() => get<IntegrityReport>(PUBLIC.redFlags), []);
  return (
    <Section title={t('Banderas rojas por unidad compradora')}>
      <Loaded state={report}>
        {(r) => (
          <OrEmpty items={r.buyingUnits.filter((u) => u.procedures > 0)} empty={t('Sin procedimientos todavía.')}>
            {(units) => (
              <table class="stack" data-testid="red-flags-by-unit">
                <thead>
                  <tr>
                    <th>{t('Unidad compradora')}</th>
                    <th class="num">{t('Procedimientos')}</th>
                    <th class="num">{t('Con banderas')}</th>
                    <th>{t('Banderas de la unidad')}</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map((u) => (
                    <tr>
                      <td>
                        <Link href={`/unidades/${encodeURIComponent(u.buyingUnitId)}`}>{u.name ?? u.buyingUnitId}</Link>
                      </td>
                      <td class="num">{u.procedures}</td>
                      <td class="num">{u.flaggedProcedures}</td>
                      <td>{u.unitFlags.map((f) => `${f.title} (${f.year}, ${f.currency})`).join('; ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </Section>
  );
}

function AuditedTender({ tenderId }: { tenderId: string }) {
  const tender = useAsync(() => get<TenderView>(`/api/tenders/${encodeURIComponent(tenderId)}`), [tenderId]);
  const sealed = useAsync(
    () => get<SealedProposal[]>(`/api/tenders/${encodeURIComponent(tenderId)}/sealed-proposals`),
    [tenderId],
  );
  return (
    <DeskTender
      desk={t('Escritorio de auditoría')}
      deskHref="/auditor"
      tenderId={tenderId}
      state={tender}
      badge={() => 'info'}
      when={(view) => view.schedule && [t('Fecha límite'), view.schedule.submissionDeadline]}
    >
      {(view) => (
        <>
          <Facts
            facts={[
              [t('Publicada'), view.publishedAt ? dateTime(view.publishedAt) : '—'],
              [t('Acto de apertura'), view.opening ? dateTime(view.opening.openedAt) : t('Aún no')],
              [t('Preguntas'), String(view.questions.length)],
              [t('Modificaciones'), String(view.amendments.length)],
            ]}
          />
          <p>
            <Link href={`/licitaciones/${encodeURIComponent(tenderId)}`}>{t('Expediente público')}</Link>
          </p>
          <Section title={t('Propuestas selladas (metadatos)')}>
            <p class="muted small">
              {t('Quién presentó, cuándo, el compromiso SHA-256 y el tamaño de lo sellado; nunca el contenido.')}
            </p>
            <Loaded state={sealed}>
              {(rows) => (
                <OrEmpty items={rows} empty={t('Sin propuestas.')}>
                  {(items) => (
                    <table class="stack" data-testid="sealed-proposals">
                      <thead>
                        <tr>
                          <th>{t('Propuesta')}</th>
                          <th>{t('Proveedor')}</th>
                          <th>{t('Partidas')}</th>
                          <th>{t('Compromiso (SHA-256)')}</th>
                          <th class="num">{t('Bytes sellados')}</th>
                          <th>{t('Recibida')}</th>
                          <th>{t('Estado')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {items.map((p) => (
                          <tr>
                            <td class="mono">{p.proposalId}</td>
                            <td>
                              {p.supplierId === null ? (
                                t('Se conoce en el acto de apertura')
                              ) : (
                                <Link href={`/proveedores/${encodeURIComponent(p.supplierId)}`}>{p.supplierId}</Link>
                              )}
                            </td>
                            <td>{p.lotIds.join(', ')}</td>
                            <td class="mono hash">{p.commitment}</td>
                            <td class="num">{p.sealedBytes}</td>
                            <td>
                              {dateTime(p.submittedAt)}
                              {p.replacements > 0 && ` (${t('reemplazada {n} veces', { n: p.replacements })})`}
                            </td>
                            <td>
                              {p.withdrawnAt ? (
                                <Badge kind="bad">{t('Retirada')}</Badge>
                              ) : (
                                <Badge kind="info">{p.signed ? t('Sellada con e.firma') : t('Sellada')}</Badge>
                              )}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </OrEmpty>
              )}
            </Loaded>
          </Section>
          <ChallengesToResolve view={view} onResolved={tender.reload} />
        </>
      )}
    </DeskTender>
  );
}

function ChallengesToResolve({ view, onResolved }: { view: TenderView; onResolved: () => void }) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  if (view.challenges.length === 0) return <Empty>{t('Sin inconformidades.')}</Empty>;
  return (
    <Section title={t('Inconformidades')}>
      <ul data-testid="challenges">
        {view.challenges.map((c) => (
          <li>
            {t('Partida')} {c.lotId} · {dateTime(c.challengedAt)} · {c.grounds}{' '}
            {c.resolution ? (
              <Badge kind="neutral">
                {c.resolution.upheld ? t('Procedente') : t('Improcedente')}: {c.resolution.reason}
              </Badge>
            ) : (
              <ActionForm
                class="row"
                action={() =>
                  api(
                    'POST',
                    `/api/tenders/${encodeURIComponent(view.tenderId)}/challenges/${encodeURIComponent(c.challengeId)}/resolution`,
                    { upheld: false, reason: reasons[c.challengeId] ?? '' },
                    { idempotencyKey: newId() },
                  )
                }
                onDone={onResolved}
                submit={t('Declarar improcedente')}
              >
                <Field label={t('Motivo de la resolución')}>
                  <input
                    required
                    value={reasons[c.challengeId] ?? ''}
                    onInput={(e) => setReasons({ ...reasons, [c.challengeId]: valueOf(e) })}
                  />
                </Field>
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
