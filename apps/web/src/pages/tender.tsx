/** The public page of one procedure: everything the law lets the public see, and how it got there. */
import { ExecutionPanel } from './contract-execution';
import type { ComponentChildren } from 'preact';
import { ApiError, currentSession, get, query } from '../api';
import { AwardsSection, Facts, ListSection, RedFlag, Table, TableSection, type Column } from '../components/blocks';
import { Badge, Empty, errorText, Loaded, Money, Section, useAsync } from '../components/ui';
import { basisPoints, date, dateTime, number } from '../format';
import { label, t, tn } from '../i18n';
import { OCDS, PUBLIC } from '../paths';
import { Link, navigate, useLocation } from '../router';
import { useRefresh } from '../refresh';
import { tenderAsOf, type PastTenderView } from '../tender-as-of';
import type { PartyRef, PublicTender } from '../types';
import { PastBanner, TimeTravel, useMoments } from './tender-history';
import { statusKind } from './tender-search';
import { FieldChanges } from '../components/field-changes';
import { AtomLink, FEEDS } from '../components/feeds';
import { FollowButton } from './alerts';
import { ImportedTenderDetail } from './imported-tender';
import { TenderResearchBlock } from './market-research';
import { worksLogPage } from './works-log';

/** `?asOf=<ISO instant>` shows the tender as it stood then (a link anyone can share); without it, as it is now. */
export function TenderPage({ tenderId }: { tenderId: string }) {
  const { path, query: search } = useLocation();
  const asOf = search.get('asOf');
  const tender = useAsync(() => get<PublicTender>(PUBLIC.tender(tenderId)), [tenderId]);
  const past = useAsync(() => (asOf ? loadPast(tenderId, asOf) : Promise.resolve(null)), [tenderId, asOf]);
  const moments = useMoments(tenderId);
  const travel = (to: string | null) => navigate(`${path}${query({ asOf: to })}`, { replace: true });
  // The present moves on its own (a deadline passes, an act is held): asked again while it is shown.
  useRefresh(tender.reload, asOf === null);
  if (tender.error instanceof ApiError && tender.error.status === 404) return <TenderNotFound error={tender.error} />;
  return (
    <Loaded state={tender}>
      {(now) => {
        // While another moment loads, keep showing the moment shown last (never jump to the present meanwhile).
        const shown = asOf !== null ? (past.data ?? null) : null;
        const loading = asOf !== null && shown?.asOf !== asOf && !past.error;
        const history = <TimeTravel moments={moments} asOf={asOf} onMove={travel} />;
        // Imported history: its own page (no time travel, follow button or acts: Licita did not witness it).
        if (now.origin) return <ImportedTenderDetail tender={now} origin={now.origin} />;
        return (
          <>
            {asOf !== null && (
              <PastBanner asOf={asOf} loading={loading} error={past.error} onBack={() => travel(null)} />
            )}
            <TenderDetail
              tender={shown ? tenderAsOf(shown.view, shown.asOf, now) : now}
              asOf={shown?.asOf ?? null}
              history={history}
            />
            {asOf === null && <TenderResearchBlock tenderId={tenderId} />}
            <p class="feeds">
              <AtomLink href={FEEDS.tenderAtom(tenderId)} title={t('Cambios de este procedimiento (Atom)')} />
            </p>
          </>
        );
      }}
    </Loaded>
  );
}

/** A procedure the public cannot see (none by that id, or still a draft): a heading, why, and the way back. */
function TenderNotFound({ error }: { error: ApiError }) {
  return (
    <article class="card" data-testid="tender-not-found">
      <h1>{t('Procedimiento no encontrado')}</h1>
      <p>{errorText(error)}</p>
      <p>
        <Link href="/">{t('Volver a la búsqueda de procedimientos')}</Link>
      </p>
    </article>
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

type LotTitle = (lotId: string | null) => string;

function TenderDetail({
  tender,
  asOf,
  history,
}: {
  tender: PublicTender;
  asOf: string | null;
  history: ComponentChildren;
}) {
  const lotTitle: LotTitle = (lotId) =>
    lotId ? (tender.lots.find((lot) => lot.lotId === lotId)?.title ?? lotId) : t('Todo el procedimiento');
  return (
    <article>
      <p class="muted small">
        <Link href="/">{t('Licitaciones')}</Link> › {tender.number ?? tender.tenderId}
      </p>
      {tender.number && (
        <p class="procedure-number" data-testid="procedure-number">
          {tender.number}
        </p>
      )}
      <h1>{tender.title}</h1>
      <FollowButton kind="procedure" id={tender.tenderId} />
      <div class="meta" style={{ marginBottom: '1rem' }}>
        <Badge kind={statusKind(tender.status)}>{label('tenderStatus', tender.status)}</Badge>
        <span>{label('procedureType', tender.procedureType)}</span>
        <span>{label('category', tender.category)}</span>
        {tender.reverseAuction && <Badge kind="info">{t('Con subasta inversa')}</Badge>}
        {tender.consolidation && <Badge kind="info">{t('Compra consolidada')}</Badge>}
        {tender.timeAcceleration !== undefined && (
          <span data-testid="time-acceleration">
            <Badge kind="warn">{t('Tiempo acelerado ×{factor} (práctica)', { factor: tender.timeAcceleration })}</Badge>
          </span>
        )}
      </div>
      {history}
      <div class="grid">
        <GeneralData tender={tender} />
        {tender.schedule && <Schedule schedule={tender.schedule} period={tender.submissionPeriod} />}
      </div>
      <div style={{ height: '1rem' }} />
      {asOf === null && <RedFlags flags={tender.redFlags} />}
      <Lots lots={tender.lots} />
      {tender.consolidation && (
        <Consolidation tenderId={tender.tenderId} participants={tender.consolidation.participants} />
      )}
      <Documents documents={tender.documents} />
      {tender.procedureType === 'direct_award' ? (
        <DirectAward tender={tender} lotTitle={lotTitle} />
      ) : (
        <>
          <Clarifications tender={tender} lotTitle={lotTitle} />
          <Amendments amendments={tender.amendments} />
          <Opening tender={tender} lotTitle={lotTitle} />
          {tender.evaluation && <Evaluation evaluation={tender.evaluation} lotTitle={lotTitle} />}
          <Auctions auctions={tender.auctions} lotTitle={lotTitle} tenderId={tender.tenderId} />
          <Awards awards={tender.awards} lotTitle={lotTitle} />
          {tender.awards.length > 0 && (
            <p class="small">
              <Link href={`/licitaciones/${encodeURIComponent(tender.tenderId)}/actas/fallo`}>
                {t('Acta de fallo para imprimir, con su PDF firmado')}
              </Link>
            </p>
          )}
        </>
      )}
      <Challenges challenges={tender.challenges} lotTitle={lotTitle} />
      <Contracts
        contracts={tender.contracts}
        lotTitle={lotTitle}
        works={tender.category === 'works'}
        units={tender.consolidation?.participants.map((p) => p.buyingUnit) ?? []}
      />
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

function GeneralData({ tender }: { tender: PublicTender }) {
  const criterion = tender.awardCriterion;
  return (
    <Section title={t('Datos generales')}>
      <Facts
        facts={[
          [t('Unidad compradora'), <Party party={tender.buyingUnit} kind="unit" />],
          [t('Valor estimado'), <Money amount={tender.value} />],
          [
            t('Criterio de evaluación'),
            criterion.type === 'lowest_price'
              ? t('Binario (precio más bajo)')
              : t('Puntos y porcentajes ({tech} técnico / {econ} económico)', {
                  tech: criterion.technicalWeight ?? 0,
                  econ: criterion.economicWeight ?? 0,
                }),
          ],
          [t('Publicada'), dateTime(tender.publishedAt)],
          [t('Propuestas'), number(tender.proposalsReceived)],
          tender.invitedSuppliers > 0 && [t('Invitados'), number(tender.invitedSuppliers)],
        ]}
      />
      <p>{tender.description}</p>
      {tender.directAward && (
        <p class="notice">
          {t('Adjudicación directa a')} <DirectSuppliers tender={tender} />. {tender.directAward.justification.article}:{' '}
          {tender.directAward.justification.text}
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
  );
}

function Schedule({
  schedule,
  period,
}: {
  schedule: NonNullable<PublicTender['schedule']>;
  period?: PublicTender['submissionPeriod'];
}) {
  return (
    <Section title={t('Calendario')}>
      <Facts
        facts={[
          [t('Publicación'), dateTime(schedule.publicationDate)],
          [t('Límite para preguntas'), dateTime(schedule.questionsDeadline)],
          [t('Límite para propuestas'), dateTime(schedule.submissionDeadline)],
          [t('Acto de apertura'), dateTime(schedule.openingDate)],
          [t('Fallo'), dateTime(schedule.awardDate)],
          period && [t('Plazo mínimo'), <LegalPeriod period={period} />],
        ]}
      />
    </Section>
  );
}

/**
 * The legal rule the submission period was checked against at publication (TenderPublished's `submissionPeriod`,
 * from the legal calendar's table): its days, law, version and reference, and whether the reference was verified.
 */
function LegalPeriod({ period }: { period: NonNullable<PublicTender['submissionPeriod']> }) {
  // `LAASSP art. 32 (DOF 28-05-2009)` → the citation and its DOF date; `LAASSP-2009` → `2009`.
  const [, citation = period.reference, dof] = /^(.*?)(?: \(DOF ([^)]+)\))?$/.exec(period.reference) ?? [];
  const version = period.version.startsWith(`${period.law}-`)
    ? period.version.slice(period.law.length + 1)
    : period.version;
  return (
    <span data-testid="legal-period">
      {t('{days} días naturales — {citation} (versión {version}), contados en días naturales de la Ciudad de México', {
        days: number(period.minimumDays),
        citation,
        version,
      })}
      {period.reduced && <> {t('(plazo reducido con justificación escrita)')}</>}
      {period.appliedMinimumDays > period.minimumDays && (
        <> {t('; la política de la plataforma exige {days} días', { days: number(period.appliedMinimumDays) })}</>
      )}
      <br />
      <span class="muted small">
        {dof ? t('Referencia: {reference}, DOF {dof}.', { reference: citation, dof }) : `${period.reference}.`}{' '}
        {period.verified
          ? t('Verificada contra el texto publicado.')
          : t('Sin verificar contra el texto publicado en el DOF.')}
      </span>
    </span>
  );
}

function RedFlags({ flags }: { flags: PublicTender['redFlags'] }) {
  return (
    <Section title={t('Banderas rojas')}>
      {flags.length === 0 ? (
        <Empty>{t('Ningún indicador de riesgo en este procedimiento.')}</Empty>
      ) : (
        flags.map((flag) => <RedFlag flag={flag} testId="red-flag" />)
      )}
    </Section>
  );
}

type Item = PublicTender['lots'][number]['items'][number];
const itemColumns = (): Array<Column<Item>> => [
  {
    label: t('Clave'),
    cell: (item) => <Link href={`/clasificador/${item.classifierCode}`}>{item.classifierCode}</Link>,
  },
  { label: t('Descripción'), cell: (item) => item.description },
  { label: t('Cantidad'), num: true, cell: (item) => number(item.quantity) },
  { label: t('Unidad'), cell: (item) => item.unit },
  { label: t('Precio unitario estimado'), num: true, cell: (item) => <Money amount={item.unitValue} /> },
  { label: t('Importe estimado'), num: true, cell: (item) => <Money amount={item.estimatedValue} /> },
];

function Lots({ lots }: { lots: PublicTender['lots'] }) {
  return (
    <Section title={t('Partidas y conceptos')}>
      {lots.map((lot) => (
        <div>
          <h3>
            {lot.title} <Badge>{label('lotStatus', lot.status)}</Badge> <Money amount={lot.value} />
          </h3>
          {lot.desertionReason && <p class="muted">{label('desertion', lot.desertionReason)}</p>}
          <Table columns={itemColumns()} rows={lot.items} />
        </div>
      ))}
    </Section>
  );
}

function Documents({ documents }: { documents: PublicTender['documents'] }) {
  return (
    <ListSection title={t('Documentos')} items={documents}>
      {(doc) => (
        <>
          <a href={`/api/documents/${encodeURIComponent(doc.documentId)}/content`} download={doc.fileName}>
            {doc.title}
          </a>{' '}
          ({doc.fileName}) <span class="mono muted">SHA-256 {doc.sha256}</span>
        </>
      )}
    </ListSection>
  );
}

function Clarifications({ tender, lotTitle }: { tender: PublicTender; lotTitle: LotTitle }) {
  return (
    <ListSection title={t('Junta de aclaraciones')} items={tender.clarifications} empty={t('Sin preguntas.')} ordered>
      {(c) => (
        <>
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
        </>
      )}
    </ListSection>
  );
}

function Amendments({ amendments }: { amendments: PublicTender['amendments'] }) {
  return (
    <ListSection title={t('Modificaciones a la convocatoria')} items={amendments}>
      {(a) => (
        <>
          {dateTime(a.amendedAt)}: {a.reason}
          {a.deadlineExtendedTo && <> — {t('nueva fecha límite: {date}', { date: dateTime(a.deadlineExtendedTo) })}</>}
          <FieldChanges changes={a.changes} />
        </>
      )}
    </ListSection>
  );
}

type OpenedProposal = NonNullable<PublicTender['opening']>['proposals'][number];
/** An offer as the act shows it: its amount, or `null` while it stays sealed until the lot's auction closes. */
type OpenedOffer = {
  proposal: OpenedProposal;
  offer: { lotId: string; value: OpenedProposal['offers'][number]['value'] | null };
};

/** Every offer of the act, the sealed ones too (auction anonymity: shown to exist, with the commitment, not the amount). */
const offersOf = (proposal: OpenedProposal): OpenedOffer[] => [
  ...proposal.offers.map((offer) => ({ proposal, offer })),
  ...(proposal.sealedUntilAuction ?? []).map((lotId) => ({ proposal, offer: { lotId, value: null } })),
];

function Opening({ tender, lotTitle }: { tender: PublicTender; lotTitle: LotTitle }) {
  const opening = tender.opening;
  const columns: Array<Column<OpenedOffer>> = [
    { label: t('Licitante'), cell: (r) => <Party party={r.proposal.supplier} kind="supplier" /> },
    { label: t('Partida'), cell: (r) => lotTitle(r.offer.lotId) },
    {
      label: t('Monto ofertado'),
      num: true,
      cell: (r) =>
        r.offer.value ? <Money amount={r.offer.value} /> : <>{t('Sellado hasta el cierre de la subasta')}</>,
    },
    { label: t('Presentada'), cell: (r) => dateTime(r.proposal.submittedAt) },
    { label: t('Compromiso (SHA-256)'), mono: true, cell: (r) => <>{r.proposal.commitment.slice(0, 16)}…</> },
    {
      label: t('Firmante (e.firma)'),
      cell: ({ proposal: { signer } }) =>
        signer ? `${signer.name} · RFC ${signer.rfc} · ${t('serie')} ${signer.serialNumber}` : t('Sin firma'),
    },
  ];
  return (
    <Section title={t('Acto de apertura')}>
      {!opening ? (
        <Empty>
          {tn(
            tender.proposalsReceived,
            'La propuesta sigue sellada (1 recibida). Se abre en el acto de apertura.',
            'Las propuestas siguen selladas ({n} recibidas). Se abren en el acto de apertura.',
          )}
        </Empty>
      ) : (
        <>
          <p>
            {tn(opening.bidders, 'Celebrado el {date} con {n} licitante.', 'Celebrado el {date} con {n} licitantes.', {
              date: dateTime(opening.openedAt),
            })}
          </p>
          <Table columns={columns} rows={opening.proposals.flatMap(offersOf)} />
          <p class="small">
            <Link href={`/licitaciones/${encodeURIComponent(tender.tenderId)}/actas/apertura`}>
              {t('Acta de apertura para imprimir, con su PDF firmado')}
            </Link>
          </p>
        </>
      )}
    </Section>
  );
}

function Evaluation({
  evaluation,
  lotTitle,
}: {
  evaluation: NonNullable<PublicTender['evaluation']>;
  lotTitle: LotTitle;
}) {
  return (
    <Section title={t('Resultado de la evaluación')}>
      {evaluation.lots.map((lot) => (
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
              {lot.nonCompliant.map((n) => `${n.supplier.name ?? n.supplier.id} (${n.reasons.join('; ')})`).join(', ')}
            </p>
          )}
        </div>
      ))}
    </Section>
  );
}

function Auctions({
  auctions,
  lotTitle,
  tenderId,
}: {
  auctions: PublicTender['auctions'];
  lotTitle: LotTitle;
  tenderId: string;
}) {
  if (auctions.length === 0) return null;
  return (
    <Section title={t('Subastas inversas')}>
      {auctions.map((auction) => (
        <div>
          <h3>
            {lotTitle(auction.lotId)}{' '}
            <Badge kind={auction.status === 'closed' ? 'good' : 'info'}>
              {auction.status === 'closed' ? t('Cerrada') : t('Programada')}
            </Badge>
          </h3>
          <p>
            {dateTime(auction.startsAt)} – {dateTime(auction.endsAt)} ·{' '}
            {tn(auction.participants, '{n} participante', '{n} participantes')} ·{' '}
            <Link href={`/subastas/${encodeURIComponent(auction.auctionId)}`}>
              {auction.status === 'closed' ? t('Ver resultado') : t('Ver la subasta en vivo')}
            </Link>
            {auction.status === 'closed' && (
              <>
                {' · '}
                <Link
                  href={`/licitaciones/${encodeURIComponent(tenderId)}/actas/subasta/${encodeURIComponent(auction.auctionId)}`}
                >
                  {t('Acta del resultado')}
                </Link>
              </>
            )}
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
  );
}

/**
 * What a direct award is (LAASSP art. 41/42): no call, no proposals, no opening act; the legal justification,
 * the supplier it went to, the amounts awarded per lot, and its contracts (listed below with every procedure's).
 */
function DirectAward({ tender, lotTitle }: { tender: PublicTender; lotTitle: LotTitle }) {
  const direct = tender.directAward;
  const total = tender.awards
    .filter((award) => award.status === 'active')
    .reduce((sum, award) => sum + award.value.amount, 0);
  return (
    <Section title={t('Adjudicación directa')}>
      <div data-testid="direct-award">
        <p>
          {t(
            'Procedimiento sin convocatoria ni propuestas: la unidad compradora adjudica directamente, con la justificación legal que se publica aquí.',
          )}
        </p>
        <Facts
          facts={[
            direct && [
              t('Justificación legal'),
              <>
                <strong>{direct.justification.article}</strong>: {direct.justification.text}
              </>,
            ],
            direct && [
              directSuppliers(tender).length > 1 ? t('Proveedores adjudicados') : t('Proveedor adjudicado'),
              <DirectSuppliers tender={tender} />,
            ],
            tender.awards.length > 0 && [t('Monto adjudicado'), <Money amount={{ ...tender.value, amount: total }} />],
            tender.awards.length > 0 && [t('Fecha de adjudicación'), dateTime(tender.awards[0].awardedAt)],
            [
              t('Contrato'),
              tender.contracts.length > 0
                ? tender.contracts.map((c) => c.contractId).join(', ')
                : t('Pendiente de firma'),
            ],
          ]}
        />
        {tender.awards.length === 0 && <Empty>{t('La adjudicación aún no se registra.')}</Empty>}
      </div>
      <Awards awards={tender.awards} lotTitle={lotTitle} />
    </Section>
  );
}

/**
 * Who a direct award went to: the suppliers of its standing awards (one per lot, several across lots), or the
 * supplier its draft names before the award is recorded.
 */
function directSuppliers(tender: PublicTender): PartyRef[] {
  const awarded = tender.awards.filter((award) => award.status === 'active').map((award) => award.supplier);
  const named = tender.directAward?.supplier;
  const parties = awarded.length > 0 ? awarded : named ? [named] : [];
  return parties.filter((party, i) => parties.findIndex((p) => p.id === party.id) === i);
}

function DirectSuppliers({ tender }: { tender: PublicTender }) {
  const parties = directSuppliers(tender);
  if (parties.length === 0) return <>{t('los proveedores de cada partida')}</>;
  return (
    <span data-testid="direct-suppliers">
      {parties.map((party, i) => (
        <span key={party.id}>
          {i > 0 && ', '}
          <Party party={party} kind="supplier" />
        </span>
      ))}
    </span>
  );
}

function Awards({ awards, lotTitle }: { awards: PublicTender['awards']; lotTitle: LotTitle }) {
  const columns: Array<Column<PublicTender['awards'][number]>> = [
    { label: t('Partida'), cell: (award) => lotTitle(award.lotId) },
    { label: t('Proveedor'), cell: (award) => <Party party={award.supplier} kind="supplier" /> },
    { label: t('Monto'), num: true, cell: (award) => <Money amount={award.value} /> },
    { label: t('Base'), cell: (award) => label('awardBasis', award.basis) },
    { label: t('Fecha'), cell: (award) => dateTime(award.awardedAt) },
    { label: t('Estado'), cell: (award) => (award.status === 'active' ? t('Firme') : award.status) },
  ];
  return <AwardsSection columns={columns} rows={awards} rowTestId="award" />;
}

function Challenges({ challenges, lotTitle }: { challenges: PublicTender['challenges']; lotTitle: LotTitle }) {
  return (
    <ListSection title={t('Inconformidades')} items={challenges}>
      {(c) => (
        <>
          {dateTime(c.challengedAt)} · {lotTitle(c.lotId)} · <Party party={c.supplier} kind="supplier" />: {c.grounds}
          {c.resolution && (
            <>
              {' '}
              — {c.resolution.upheld ? t('procedente') : t('improcedente')}: {c.resolution.reason}
            </>
          )}
        </>
      )}
    </ListSection>
  );
}

type Participant = NonNullable<PublicTender['consolidation']>['participants'][number];

/** A consolidated purchase's participating units (LAASSP art. 17): their requests, quantities and commitments. */
function Consolidation({ tenderId, participants }: { tenderId: string; participants: Participant[] }) {
  // A buyer of a participating unit signs and follows its unit's own contract on its desk.
  const account = currentSession()?.account;
  const mine = account?.role === 'buyer' && participants.some((p) => p.buyingUnitId === account.buyingUnitId);
  const columns: Array<Column<Participant>> = [
    { label: t('Unidad participante'), cell: (p) => <Party party={p.buyingUnit} kind="unit" /> },
    { label: t('Requisición'), cell: (p) => p.requestReference },
    { label: t('Cantidades'), cell: (p) => p.items.map((i) => `${i.itemId}: ${number(i.quantity)}`).join(', ') },
    { label: t('Monto comprometido'), num: true, cell: (p) => <Money amount={p.commitment} /> },
  ];
  return (
    <>
      <TableSection
        title={t('Compra consolidada (LAASSP art. 17)')}
        empty=""
        columns={columns}
        rows={participants}
        rowTestId="participant"
      />
      <p class="small muted">
        {t(
          'El área compradora adquiere para las unidades siguientes; cada una firma su propio contrato con el proveedor adjudicado.',
        )}
      </p>
      {mine && (
        <p data-testid="my-unit-contract">
          <Link href={`/comprador/licitaciones/${encodeURIComponent(tenderId)}`}>
            {t('El contrato de mi unidad, en el escritorio del comprador')}
          </Link>
        </p>
      )}
    </>
  );
}

/** A multi-year contract's amount per fiscal year, or the source's bare flag on an imported one. */
function MultiYear({ multiYear, currency }: { multiYear: NonNullable<Contract['multiYear']>; currency: string }) {
  return (
    <div class="small muted" data-testid="multi-year">
      {multiYear.fiscalYears === null ? (
        t('Plurianual (montos por ejercicio no publicados en la fuente)')
      ) : (
        <>
          {t('Contrato plurianual')}:{' '}
          {multiYear.fiscalYears.map((y, i) => (
            <>
              {i > 0 && '; '}
              {t('Ejercicio {year}', { year: y.fiscalYear })} <Money amount={{ amount: y.amount, currency }} />
            </>
          ))}
        </>
      )}
      {multiYear.portfolioKey && <div>{t('Clave de cartera SHCP {key}', { key: multiYear.portfolioKey })}</div>}
    </div>
  );
}

type Contract = PublicTender['contracts'][number];

function Contracts({
  contracts,
  lotTitle,
  works,
  units,
}: {
  contracts: PublicTender['contracts'];
  lotTitle: LotTitle;
  works: boolean;
  units: PartyRef[];
}) {
  const unitOf = (id: string): PartyRef => units.find((unit) => unit.id === id) ?? { id, name: null };
  const columns: Array<Column<PublicTender['contracts'][number]>> = [
    {
      label: t('Contrato'),
      mono: true,
      cell: (c) => (
        <>
          {c.contractId}
          {c.buyingUnitId && (
            <div class="small" data-testid="unit-contract">
              {t('Contrato de {unit}', { unit: unitOf(c.buyingUnitId).name ?? c.buyingUnitId })}
            </div>
          )}
          {/* A public-works contract keeps its log (bitácora, LOPSRM art. 46): libs/works-log */}
          {works && (
            <div class="small">
              <Link href={worksLogPage(c.contractId)}>{t('Bitácora de obra')}</Link>
            </div>
          )}
        </>
      ),
    },
    { label: t('Partida'), cell: (c) => lotTitle(c.lotId) },
    { label: t('Proveedor'), cell: (c) => <Party party={c.supplier} kind="supplier" /> },
    {
      label: t('Monto'),
      num: true,
      cell: (c) => (
        <>
          <Money amount={c.value} />
          {c.value.amount !== c.originalValue.amount && (
            <div class="small muted">
              {t('original')} <Money amount={c.originalValue} />
            </div>
          )}
          {c.openContract && (
            <div class="small muted" data-testid="open-contract">
              {t('Contrato abierto (LAASSP art. 47)')}
              {c.openContract.maximum && (
                <>
                  , {t('máximo')} <Money amount={c.openContract.maximum} />
                </>
              )}
            </div>
          )}
          {c.multiYear && <MultiYear multiYear={c.multiYear} currency={c.value.currency} />}
        </>
      ),
    },
    {
      label: t('Vigencia'),
      cell: (c) => (
        <>
          {date(c.startDate)} – {date(c.endDate)}
        </>
      ),
    },
    { label: t('Estado'), cell: (c) => label('contractStatus', c.status) },
  ];
  return (
    <>
      <TableSection
        title={t('Contratos')}
        empty={t('Sin contratos todavía.')}
        columns={columns}
        rows={contracts}
        rowTestId="contract"
      />
      {contracts.map((c) => (
        <section class="card">
          <ExecutionPanel contractId={c.contractId} />
        </section>
      ))}
    </>
  );
}
