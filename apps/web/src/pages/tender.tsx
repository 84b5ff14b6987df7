/** The public page of one procedure: everything the law lets the public see, and how it got there. */
import type { ComponentChildren } from 'preact';
import { get, query } from '../api';
import { Badge, Empty, Loaded, Money, Section, useAsync } from '../components/ui';
import { basisPoints, date, dateTime, number } from '../format';
import { label, t } from '../i18n';
import { OCDS, PUBLIC } from '../paths';
import { Link, navigate, useLocation } from '../router';
import { tenderAsOf, type PastTenderView } from '../tender-as-of';
import type { PartyRef, PublicTender } from '../types';
import { PastBanner, TimeTravel, useMoments } from './tender-history';
import { statusKind } from './tender-search';

/** `?asOf=<ISO instant>` shows the tender as it stood then (a link anyone can share); without it, as it is now. */
export function TenderPage({ tenderId }: { tenderId: string }) {
  const { path, query: search } = useLocation();
  const asOf = search.get('asOf');
  const tender = useAsync(() => get<PublicTender>(PUBLIC.tender(tenderId)), [tenderId]);
  const past = useAsync(() => (asOf ? loadPast(tenderId, asOf) : Promise.resolve(null)), [tenderId, asOf]);
  const moments = useMoments(tenderId);
  const travel = (to: string | null) => navigate(`${path}${query({ asOf: to })}`, { replace: true });
  return (
    <Loaded state={tender}>
      {(now) => {
        const shown = asOf !== null && past.data?.asOf === asOf ? past.data : null;
        const history = <TimeTravel moments={moments} asOf={asOf} onMove={travel} />;
        return (
          <>
            {asOf !== null && (
              <PastBanner asOf={asOf} loading={!shown && !past.error} error={past.error} onBack={() => travel(null)} />
            )}
            <TenderDetail
              tender={shown ? tenderAsOf(shown.view, shown.asOf, now) : now}
              asOf={shown?.asOf ?? null}
              history={history}
            />
          </>
        );
      }}
    </Loaded>
  );
}

/** The tender at `asOf`, folded from its events by the API with the public's visibility (nothing sealed). */
async function loadPast(tenderId: string, asOf: string): Promise<{ asOf: string; view: PastTenderView }> {
  const view = await get<PastTenderView>(`/api/tenders/${encodeURIComponent(tenderId)}${query({ asOf })}`);
  return { asOf, view };
}

export const Party = ({ party, kind }: { party: PartyRef; kind: 'supplier' | 'unit' }) => (
  <Link href={`/${kind === 'supplier' ? 'proveedores' : 'unidades'}/${encodeURIComponent(party.id)}`}>
    {party.name ?? party.id}
  </Link>
);

function TenderDetail({
  tender,
  asOf,
  history,
}: {
  tender: PublicTender;
  asOf: string | null;
  history: ComponentChildren;
}) {
  const lotTitle = (lotId: string | null) =>
    lotId ? (tender.lots.find((lot) => lot.lotId === lotId)?.title ?? lotId) : t('Todo el procedimiento');
  return (
    <article>
      <p class="muted small">
        <Link href="/">{t('Licitaciones')}</Link> › {tender.tenderId}
      </p>
      <h1>{tender.title}</h1>
      <div class="meta" style={{ marginBottom: '1rem' }}>
        <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
        <span>{label('procedureType', tender.procedureType)}</span>
        <span>{label('category', tender.category)}</span>
        {tender.reverseAuction && <Badge kind="info">{t('Con subasta inversa')}</Badge>}
      </div>
      {history}

      <div class="grid">
        <Section title={t('Datos generales')}>
          <dl class="facts">
            <dt>{t('Unidad compradora')}</dt>
            <dd>
              <Party party={tender.buyingUnit} kind="unit" />
            </dd>
            <dt>{t('Valor estimado')}</dt>
            <dd>
              <Money amount={tender.value} />
            </dd>
            <dt>{t('Criterio de evaluación')}</dt>
            <dd>
              {tender.awardCriterion.type === 'lowest_price'
                ? t('Binario (precio más bajo)')
                : t('Puntos y porcentajes ({tech} técnico / {econ} económico)', {
                    tech: tender.awardCriterion.technicalWeight ?? 0,
                    econ: tender.awardCriterion.economicWeight ?? 0,
                  })}
            </dd>
            <dt>{t('Publicada')}</dt>
            <dd>{dateTime(tender.publishedAt)}</dd>
            <dt>{t('Propuestas')}</dt>
            <dd>{number(tender.proposalsReceived)}</dd>
            {tender.invitedSuppliers > 0 && (
              <>
                <dt>{t('Invitados')}</dt>
                <dd>{number(tender.invitedSuppliers)}</dd>
              </>
            )}
          </dl>
          <p>{tender.description}</p>
          {tender.directAward && (
            <p class="notice">
              {t('Adjudicación directa a')} <Party party={tender.directAward.supplier} kind="supplier" />.{' '}
              {tender.directAward.justification.article}: {tender.directAward.justification.text}
            </p>
          )}
          {tender.cancellation && (
            <p class="error">
              {t('Cancelada el {date}. Motivo: {reason}', {
                date: date(tender.cancellation.cancelledAt),
                reason: tender.cancellation.reason,
              })}
            </p>
          )}
        </Section>

        {tender.schedule && (
          <Section title={t('Calendario')}>
            <dl class="facts">
              <dt>{t('Publicación')}</dt>
              <dd>{dateTime(tender.schedule.publicationDate)}</dd>
              <dt>{t('Límite para preguntas')}</dt>
              <dd>{dateTime(tender.schedule.questionsDeadline)}</dd>
              <dt>{t('Límite para propuestas')}</dt>
              <dd>{dateTime(tender.schedule.submissionDeadline)}</dd>
              <dt>{t('Acto de apertura')}</dt>
              <dd>{dateTime(tender.schedule.openingDate)}</dd>
              <dt>{t('Fallo')}</dt>
              <dd>{dateTime(tender.schedule.awardDate)}</dd>
            </dl>
          </Section>
        )}
      </div>
      <div style={{ height: '1rem' }} />

      {asOf === null && (
        <Section title={t('Banderas rojas')}>
          {tender.redFlags.length === 0 ? (
            <Empty>{t('Ningún indicador de riesgo en este procedimiento.')}</Empty>
          ) : (
            tender.redFlags.map((flag) => (
              <div class="flag" data-testid="red-flag">
                <strong>⚑ {flag.title}</strong>
                <div>{flag.explanation}</div>
              </div>
            ))
          )}
        </Section>
      )}

      <Section title={t('Partidas y conceptos')}>
        {tender.lots.map((lot) => (
          <div>
            <h3>
              {lot.title} <Badge>{label('lotStatus', lot.status)}</Badge> <Money amount={lot.value} />
            </h3>
            {lot.desertionReason && <p class="muted">{label('desertion', lot.desertionReason)}</p>}
            <div class="table-wrap">
              <table class="stack">
                <thead>
                  <tr>
                    <th>{t('Clave')}</th>
                    <th>{t('Descripción')}</th>
                    <th class="num">{t('Cantidad')}</th>
                    <th>{t('Unidad')}</th>
                    <th class="num">{t('Precio unitario estimado')}</th>
                    <th class="num">{t('Importe estimado')}</th>
                  </tr>
                </thead>
                <tbody>
                  {lot.items.map((item) => (
                    <tr>
                      <td data-label={t('Clave')}>
                        <Link href={`/clasificador/${item.classifierCode}`}>{item.classifierCode}</Link>
                      </td>
                      <td data-label={t('Descripción')}>{item.description}</td>
                      <td data-label={t('Cantidad')} class="num">
                        {number(item.quantity)}
                      </td>
                      <td data-label={t('Unidad')}>{item.unit}</td>
                      <td data-label={t('Precio unitario estimado')} class="num">
                        <Money amount={item.unitValue} />
                      </td>
                      <td data-label={t('Importe estimado')} class="num">
                        <Money amount={item.estimatedValue} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </Section>

      {tender.documents.length > 0 && (
        <Section title={t('Documentos')}>
          <ul>
            {tender.documents.map((doc) => (
              <li>
                {doc.title} ({doc.fileName}) <span class="mono muted">SHA-256 {doc.sha256}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title={t('Junta de aclaraciones')}>
        {tender.clarifications.length === 0 ? (
          <Empty>{t('Sin preguntas.')}</Empty>
        ) : (
          <ol>
            {tender.clarifications.map((c) => (
              <li>
                <p>
                  <strong>{t('Pregunta')}</strong> ({lotTitle(c.lotId)}, {dateTime(c.askedAt)}): {c.question}
                </p>
                <p>
                  {c.answer ? (
                    <>
                      <strong>{t('Respuesta')}</strong> ({dateTime(c.answeredAt)}): {c.answer}
                    </>
                  ) : (
                    <span class="muted">{t('Sin respuesta todavía.')}</span>
                  )}
                </p>
              </li>
            ))}
          </ol>
        )}
      </Section>

      {tender.amendments.length > 0 && (
        <Section title={t('Modificaciones a la convocatoria')}>
          <ul>
            {tender.amendments.map((a) => (
              <li>
                {dateTime(a.amendedAt)}: {a.reason} ({t('{n} cambios', { n: a.changes.length })})
                {a.deadlineExtendedTo && (
                  <> — {t('nueva fecha límite: {date}', { date: dateTime(a.deadlineExtendedTo) })}</>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title={t('Acto de apertura')}>
        {!tender.opening ? (
          <Empty>
            {t('Las propuestas siguen selladas ({n} recibidas). Se abren en el acto de apertura.', {
              n: tender.proposalsReceived,
            })}
          </Empty>
        ) : (
          <>
            <p>
              {t('Celebrado el {date} con {n} licitantes.', {
                date: dateTime(tender.opening.openedAt),
                n: tender.opening.bidders,
              })}
            </p>
            <div class="table-wrap">
              <table class="stack">
                <thead>
                  <tr>
                    <th>{t('Licitante')}</th>
                    <th>{t('Partida')}</th>
                    <th class="num">{t('Monto ofertado')}</th>
                    <th>{t('Presentada')}</th>
                    <th>{t('Compromiso (SHA-256)')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tender.opening.proposals.flatMap((p) =>
                    p.offers.map((offer) => (
                      <tr>
                        <td data-label={t('Licitante')}>
                          <Party party={p.supplier} kind="supplier" />
                        </td>
                        <td data-label={t('Partida')}>{lotTitle(offer.lotId)}</td>
                        <td data-label={t('Monto ofertado')} class="num">
                          <Money amount={offer.value} />
                        </td>
                        <td data-label={t('Presentada')}>{dateTime(p.submittedAt)}</td>
                        <td data-label={t('Compromiso (SHA-256)')} class="mono">
                          {p.commitment.slice(0, 16)}…
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>

      {tender.evaluation && (
        <Section title={t('Resultado de la evaluación')}>
          {tender.evaluation.lots.map((lot) => (
            <div>
              <h3>
                {lotTitle(lot.lotId)}
                {lot.goesToAuction && (
                  <>
                    {' '}
                    <Badge kind="info">{t('Pasa a subasta inversa')}</Badge>
                  </>
                )}
              </h3>
              <ol>
                {lot.ranking.map((r) => (
                  <li>
                    <Party party={r.supplier} kind="supplier" /> — <Money amount={r.value} />
                    {r.score !== null && (
                      <>
                        {' '}
                        ({t('puntaje')} {number(r.score)})
                      </>
                    )}
                  </li>
                ))}
              </ol>
              {lot.nonCompliant.length > 0 && (
                <p class="small">
                  {t('Desechadas')}:{' '}
                  {lot.nonCompliant
                    .map((n) => `${n.supplier.name ?? n.supplier.id} (${n.reasons.join('; ')})`)
                    .join(', ')}
                </p>
              )}
            </div>
          ))}
        </Section>
      )}

      {tender.auctions.length > 0 && (
        <Section title={t('Subastas inversas')}>
          {tender.auctions.map((auction) => (
            <div>
              <h3>
                {lotTitle(auction.lotId)}{' '}
                <Badge kind={auction.status === 'closed' ? 'good' : 'info'}>
                  {auction.status === 'closed' ? t('Cerrada') : t('Programada')}
                </Badge>
              </h3>
              <p>
                {dateTime(auction.startsAt)} – {dateTime(auction.endsAt)} ·{' '}
                {t('{n} participantes', { n: auction.participants })} ·{' '}
                <Link href={`/subastas/${encodeURIComponent(auction.auctionId)}`}>
                  {auction.status === 'closed' ? t('Ver resultado') : t('Ver la subasta en vivo')}
                </Link>
              </p>
              {auction.savings && (
                <p>
                  {t('Mejor oferta inicial')} <Money amount={auction.bestOpeningPrice} /> → {t('precio final')}{' '}
                  <Money amount={auction.finalPrice} /> · {t('ahorro')} <Money amount={auction.savings.amount} /> (
                  {basisPoints(auction.savings.basisPoints)})
                </p>
              )}
            </div>
          ))}
        </Section>
      )}

      <Section title={t('Adjudicaciones')}>
        {tender.awards.length === 0 ? (
          <Empty>{t('Sin adjudicaciones todavía.')}</Empty>
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th>{t('Partida')}</th>
                  <th>{t('Proveedor')}</th>
                  <th class="num">{t('Monto')}</th>
                  <th>{t('Base')}</th>
                  <th>{t('Fecha')}</th>
                  <th>{t('Estado')}</th>
                </tr>
              </thead>
              <tbody>
                {tender.awards.map((award) => (
                  <tr data-testid="award">
                    <td data-label={t('Partida')}>{lotTitle(award.lotId)}</td>
                    <td data-label={t('Proveedor')}>
                      <Party party={award.supplier} kind="supplier" />
                    </td>
                    <td data-label={t('Monto')} class="num">
                      <Money amount={award.value} />
                    </td>
                    <td data-label={t('Base')}>{label('awardBasis', award.basis)}</td>
                    <td data-label={t('Fecha')}>{dateTime(award.awardedAt)}</td>
                    <td data-label={t('Estado')}>{award.status === 'active' ? t('Firme') : award.status}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      {tender.challenges.length > 0 && (
        <Section title={t('Inconformidades')}>
          <ul>
            {tender.challenges.map((c) => (
              <li>
                {dateTime(c.challengedAt)} · {lotTitle(c.lotId)} · <Party party={c.supplier} kind="supplier" />:{' '}
                {c.grounds}
                {c.resolution && (
                  <>
                    {' '}
                    — {c.resolution.upheld ? t('procedente') : t('improcedente')}: {c.resolution.reason}
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}

      <Section title={t('Contratos')}>
        {tender.contracts.length === 0 ? (
          <Empty>{t('Sin contratos todavía.')}</Empty>
        ) : (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th>{t('Contrato')}</th>
                  <th>{t('Partida')}</th>
                  <th>{t('Proveedor')}</th>
                  <th class="num">{t('Monto')}</th>
                  <th>{t('Vigencia')}</th>
                  <th>{t('Estado')}</th>
                </tr>
              </thead>
              <tbody>
                {tender.contracts.map((c) => (
                  <tr data-testid="contract">
                    <td data-label={t('Contrato')} class="mono">
                      {c.contractId}
                    </td>
                    <td data-label={t('Partida')}>{lotTitle(c.lotId)}</td>
                    <td data-label={t('Proveedor')}>
                      <Party party={c.supplier} kind="supplier" />
                    </td>
                    <td data-label={t('Monto')} class="num">
                      <Money amount={c.value} />
                      {c.value.amount !== c.originalValue.amount && (
                        <div class="small muted">
                          {t('original')} <Money amount={c.originalValue} />
                        </div>
                      )}
                    </td>
                    <td data-label={t('Vigencia')}>
                      {date(c.startDate)} – {date(c.endDate)}
                    </td>
                    <td data-label={t('Estado')}>{label('contractStatus', c.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={t('Historia del procedimiento')}>
        <ol class="timeline" data-testid="timeline">
          {tender.timeline.map((entry) => (
            <li>
              <time dateTime={entry.at}>{dateTime(entry.at)}</time>
              {entry.text}
            </li>
          ))}
        </ol>
      </Section>
      <p class="small">
        {t('Datos abiertos de este procedimiento')}:{' '}
        <a href={`${OCDS.record(tender.tenderId)}${query({ asOf })}`}>{t('registro OCDS (JSON)')}</a>
      </p>
    </article>
  );
}
