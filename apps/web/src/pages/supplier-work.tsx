/**
 * The supplier's desk beyond a single procedure: the welcome of a new supplier, "my procedures" with each
 * proposal's state, upcoming auctions with a countdown and a calendar reminder (.ics), awards and contracts,
 * the profile with its classifier codes, and the printable receipt of a sealed proposal.
 */
import { InvoiceForm } from './contract-execution';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, currentSession, get } from '../api';
import { ClassifierPicker } from '../components/classifier-picker';
import { ActionForm, Badge, Empty, Loaded, Money, OrEmpty, Section, useAsync, type BadgeKind } from '../components/ui';
import { dateTime } from '../format';
import { countdown, icsCalendar } from '../ics';
import { label, t } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import type { ClassifierEntry, OwnProposal, PublicTender } from '../types';

export type ProposalState =
  'withdrawn' | 'sealed' | 'opened' | 'not_compliant' | 'awarded' | 'not_awarded' | 'cancelled';

export type MyProcedure = {
  tenderId: string;
  number: string | null;
  title: string;
  status: string;
  currency: string;
  submissionDeadline: string | null;
  openingDate: string | null;
  proposals: Array<{
    proposalId: string;
    lotIds: string[];
    commitment: string;
    sealedBytes: number;
    signed: boolean;
    firstSubmittedAt: string;
    submittedAt: string;
    replacements: number;
    withdrawnAt: string | null;
    state: ProposalState;
  }>;
  lots: Array<{
    lotId: string;
    status: string;
    auctionId: string | null;
    awardedToMe: boolean;
    award: {
      amount: { amount: number; currency: string };
      awardedAt: string;
      objectionPeriodEndsAt: string | null;
    } | null;
    contractId: string | null;
  }>;
  challenges: Array<{ challengeId: string; lotId: string; grounds: string; challengedAt: string; resolution: unknown }>;
};

const STATES: Record<ProposalState, [string, BadgeKind]> = {
  withdrawn: ['Retirada', 'bad'],
  sealed: ['Sellada', 'info'],
  opened: ['Abierta, en evaluación', 'info'],
  not_compliant: ['No solvente', 'bad'],
  awarded: ['Adjudicada', 'good'],
  not_awarded: ['No adjudicada', 'neutral'],
  cancelled: ['Procedimiento cancelado', 'bad'],
};

export function ProposalStateBadge({ state }: { state: ProposalState }) {
  const [text, kind] = STATES[state];
  return <Badge kind={kind}>{t(text)}</Badge>;
}

/** A procedure's title with its number before it, when the tender carries one. */
export const titled = (p: { title: string; number?: string | null }) =>
  p.number ? `${p.number} · ${p.title}` : p.title;

export const myProcedures = () => get<MyProcedure[]>('/api/me/procedures');

/** A brand-new supplier's first screen: what happens next, never an error. */
export function Welcome({ status, hasProcedures }: { status: string | null; hasProcedures: boolean }) {
  if (status === 'verified' && hasProcedures) return null;
  return (
    <section class="card" data-testid="welcome">
      <h2>{t('Bienvenida a Licita')}</h2>
      <ol>
        <li>
          {status === 'verified'
            ? t('Tu registro está verificado: ya puedes presentar propuestas.')
            : status === null || status === 'pending'
              ? t('Tu registro está en revisión: la unidad registradora lo verifica; te avisamos aquí mismo.')
              : t('Tu registro necesita atención: revisa el motivo y corrige tus datos en tu perfil.')}
        </li>
        <li>
          {t(
            'Revisa tu perfil y tus códigos del clasificador: con ellos te mostramos los procedimientos que te tocan.',
          )}
        </li>
        <li>
          {t('Consulta los procedimientos abiertos')}: <Link href="/">{t('buscar licitaciones')}</Link>.
        </li>
        <li>{t('Haz preguntas antes de la fecha límite y presenta tu propuesta sellada antes del cierre.')}</li>
      </ol>
    </section>
  );
}

export function MyProceduresSection({ procedures }: { procedures: MyProcedure[] }) {
  return (
    <Section title={t('Mis procedimientos')}>
      <OrEmpty items={procedures} empty={t('Aún no presentas propuestas.')}>
        {(items) => (
          <ul class="results" data-testid="my-procedures">
            {items.map((p) => (
              <li class="result">
                <h3>
                  <Link href={`/proveedor?licitacion=${encodeURIComponent(p.tenderId)}`}>{titled(p)}</Link>
                </h3>
                <div class="meta">
                  <Badge kind="info">{label('tenderStatus', p.status)}</Badge>
                  {p.submissionDeadline && (
                    <span>
                      {t('Fecha límite')}: {dateTime(p.submissionDeadline)}
                    </span>
                  )}
                </div>
                <ul>
                  {p.proposals.map((proposal) => (
                    <li>
                      <ProposalStateBadge state={proposal.state} /> <span class="mono">{proposal.proposalId}</span> ·{' '}
                      {t('partidas')} {proposal.lotIds.join(', ')} · {dateTime(proposal.submittedAt)}
                      {proposal.replacements > 0 && (
                        <span class="muted"> · {t('reemplazada {n} veces', { n: proposal.replacements })}</span>
                      )}{' '}
                      {proposal.state !== 'withdrawn' && (
                        <Link href={receiptHref(p.tenderId, proposal.proposalId)}>{t('Acuse')}</Link>
                      )}
                    </li>
                  ))}
                </ul>
                {p.challenges.map((c) => (
                  <p class="small">
                    <Badge kind="info">{t('Inconformidad')}</Badge> {t('Partida')} {c.lotId}: {c.grounds} (
                    {c.resolution ? t('resuelta') : t('en trámite')})
                  </p>
                ))}
              </li>
            ))}
          </ul>
        )}
      </OrEmpty>
    </Section>
  );
}

export const receiptHref = (tenderId: string, proposalId: string) =>
  `/proveedor/acuse/${encodeURIComponent(tenderId)}/${encodeURIComponent(proposalId)}`;

type Auction = PublicTender['auctions'][number] & { tenderId: string; title: string };

/** The auctions of the supplier's procedures that have not closed, soonest first. */
export function UpcomingAuctions({ procedures }: { procedures: MyProcedure[] }) {
  // A lot sent to auction shows its auction in the public record (the tender view names it once it has a result).
  const withAuctions = procedures.filter((p) => p.lots.some((lot) => lot.status === 'auction' || lot.auctionId));
  const auctions = useAsync(async () => {
    const records = await Promise.all(
      withAuctions.map((p) =>
        get<PublicTender>(PUBLIC.tender(p.tenderId))
          .then((record) =>
            record.auctions
              .filter((a) => p.lots.some((lot) => lot.lotId === a.lotId))
              .map((a) => ({ ...a, tenderId: p.tenderId, title: titled(p) })),
          )
          .catch(() => [] as Auction[]),
      ),
    );
    return records
      .flat()
      .filter((a) => a.status !== 'closed')
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  }, [withAuctions.map((p) => p.tenderId).join()]);
  return (
    <Section title={t('Mis subastas')}>
      <Loaded state={auctions}>
        {(items) => (
          <OrEmpty items={items} empty={t('No tienes subastas próximas.')}>
            {(shown) => (
              <ul data-testid="my-auctions">
                {shown.map((a) => (
                  <li>
                    <strong>{a.title}</strong> · {t('Partida')} {a.lotId}: {dateTime(a.startsAt)} – {dateTime(a.endsAt)}{' '}
                    · <Countdown to={a.startsAt} /> ·{' '}
                    <Link href={`/subastas/${encodeURIComponent(a.auctionId)}`}>{t('Entrar a la subasta')}</Link> ·{' '}
                    <button type="button" class="link" onClick={() => downloadReminder(a)}>
                      {t('Recordatorio (.ics)')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </OrEmpty>
        )}
      </Loaded>
    </Section>
  );
}

function Countdown({ to }: { to: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = countdown(new Date(to).getTime() - now);
  if (!left) return <Badge kind="good">{t('En curso')}</Badge>;
  return (
    <span data-testid="countdown">
      {t('empieza en')} {left.days > 0 ? `${left.days} d ` : ''}
      {left.hours} h {left.minutes} min {left.seconds} s
    </span>
  );
}

function downloadReminder(a: Auction) {
  const url = `${location.origin}/subastas/${encodeURIComponent(a.auctionId)}`;
  const ics = icsCalendar(
    [
      {
        uid: `${a.auctionId}@licita`,
        title: `${t('Subasta')}: ${a.title} (${a.lotId})`,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        url,
        description: url,
      },
    ],
    new Date().toISOString(),
  );
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([ics], { type: 'text/calendar' }));
  link.download = `subasta-${a.auctionId}.ics`;
  document.body.append(link);
  link.click();
  link.remove();
}

type PublicSupplier = {
  awards: Array<{
    tenderId: string;
    tenderTitle: string;
    lotId: string;
    value: { amount: number; currency: string };
    awardedAt: string;
    status: string;
  }>;
  contracts: Array<{
    tenderId: string;
    tenderTitle: string;
    contractId: string;
    value: { amount: number; currency: string };
    status: string;
    signedAt: string;
  }>;
};

/** Awards and contracts as the public record lists them; a supplier not in it yet (pending) has none. */
export function AwardsAndContracts({ supplierId, procedures }: { supplierId: string; procedures: MyProcedure[] }) {
  const record = useAsync(
    () =>
      get<PublicSupplier>(PUBLIC.supplier(supplierId)).catch((error) => {
        if (error instanceof ApiError && error.status === 404) return { awards: [], contracts: [] } as PublicSupplier;
        throw error;
      }),
    [supplierId],
  );
  const pendingAwards = procedures.flatMap((p) =>
    p.lots.filter((lot) => lot.awardedToMe && lot.award).map((lot) => ({ p, lot })),
  );
  return (
    <Section title={t('Mis adjudicaciones y contratos')}>
      {pendingAwards.length > 0 && (
        <ul data-testid="my-awards">
          {pendingAwards.map(({ p, lot }) => (
            <li>
              <Link href={`/licitaciones/${encodeURIComponent(p.tenderId)}`}>{titled(p)}</Link> ({lot.lotId}) —{' '}
              <Money amount={lot.award!.amount} />, {dateTime(lot.award!.awardedAt)}
              {lot.award!.objectionPeriodEndsAt && (
                <span class="muted">
                  {' '}
                  · {t('periodo de inconformidades hasta')} {dateTime(lot.award!.objectionPeriodEndsAt)}
                </span>
              )}
              {lot.contractId && <Badge kind="good">{t('Contrato')}</Badge>}
            </li>
          ))}
        </ul>
      )}
      <Loaded state={record}>
        {(r) => (
          <>
            {r.contracts.length === 0 && pendingAwards.length === 0 && (
              <Empty>{t('Sin adjudicaciones todavía.')}</Empty>
            )}
            {r.contracts.length > 0 && (
              <ul data-testid="my-contracts">
                {r.contracts.map((c) => (
                  <li>
                    {t('Contrato')} <span class="mono">{c.contractId}</span>:{' '}
                    <Link href={`/licitaciones/${encodeURIComponent(c.tenderId)}`}>{c.tenderTitle}</Link> —{' '}
                    <Money amount={c.value} /> · {label('contractStatus', c.status)}
                    {c.status !== 'terminated' && <InvoiceForm contractId={c.contractId} />}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Loaded>
    </Section>
  );
}

/** The supplier's own data it may change here: its classifier codes, and its business contact. */
export function ProfileEditor({
  supplierId,
  codes,
  onSaved,
}: {
  supplierId: string;
  codes: string[];
  onSaved: () => void;
}) {
  const [chosen, setChosen] = useState<string[]>(codes);
  const [saved, setSaved] = useState(false);
  const add = (entry: ClassifierEntry) => {
    setSaved(false);
    setChosen(chosen.includes(entry.code) ? chosen : [...chosen, entry.code]);
  };
  return (
    <ActionForm
      action={() => api('PATCH', `/api/suppliers/${encodeURIComponent(supplierId)}`, { classifierCodes: chosen })}
      onDone={() => (setSaved(true), onSaved())}
      submit={t('Guardar mis códigos')}
    >
      <ClassifierPicker id="profile-codes" label={t('Agregar un código del clasificador')} onPick={add} />
      <ul data-testid="profile-codes">
        {chosen.map((code) => (
          <li>
            <span class="mono">{code}</span>{' '}
            <button
              type="button"
              class="link"
              onClick={() => (setSaved(false), setChosen(chosen.filter((c) => c !== code)))}
            >
              {t('Quitar')}
            </button>
          </li>
        ))}
      </ul>
      {saved && <p class="success">{t('Códigos guardados.')}</p>}
    </ActionForm>
  );
}

/** The printable receipt of a sealed proposal: what the supplier keeps as proof of what it sealed and when. */
export function ProposalReceipt({ tenderId, proposalId }: { tenderId: string; proposalId: string }) {
  const data = useAsync(async () => {
    const [tender, own] = await Promise.all([
      get<{ title: string; number?: string | null; currency: string }>(`/api/tenders/${encodeURIComponent(tenderId)}`),
      get<OwnProposal[]>(`/api/tenders/${encodeURIComponent(tenderId)}/proposals/mine`),
    ]);
    const proposal = own.find((p) => p.proposalId === proposalId);
    if (!proposal) throw new ApiError(404, 'proposal.not_found', t('No encontramos esa propuesta entre las tuyas.'));
    return { tender, proposal };
  }, [tenderId, proposalId]);
  const account = currentSession()?.account;
  return (
    <div class="act-sheet" data-testid="proposal-receipt">
      <p class="no-print">
        <Link href={`/proveedor?licitacion=${encodeURIComponent(tenderId)}`}>← {t('Volver al procedimiento')}</Link>{' '}
        <button type="button" onClick={() => window.print()}>
          {t('Imprimir')}
        </button>
      </p>
      <Loaded state={data}>
        {({ tender, proposal }) => (
          <>
            <h1>{t('Acuse de recibo de propuesta sellada')}</h1>
            <dl class="act-facts">
              <dt>{t('Procedimiento')}</dt>
              <dd>{titled(tender)}</dd>
              <dt>{t('Identificador del procedimiento')}</dt>
              <dd class="mono">{tenderId}</dd>
              <dt>{t('Propuesta')}</dt>
              <dd class="mono">{proposal.proposalId}</dd>
              <dt>{t('Recibida')}</dt>
              <dd>{dateTime(proposal.submittedAt)}</dd>
              <dt>{t('Partidas')}</dt>
              <dd>{proposal.lotIds.join(', ')}</dd>
              <dt>{t('Compromiso (SHA-256)')}</dt>
              <dd class="mono hash" data-testid="receipt-commitment">
                {proposal.commitment}
              </dd>
              {account && (
                <>
                  <dt>{t('Cuenta')}</dt>
                  <dd>{account.email}</dd>
                </>
              )}
              <dt>{t('Estado')}</dt>
              <dd>{proposal.withdrawn ? t('Retirada') : t('Sellada')}</dd>
            </dl>
            <h2>{t('Documentos')}</h2>
            {(proposal.content.documents ?? []).length === 0 ? (
              <p>{t('Sin documentos')}</p>
            ) : (
              <table class="act-table">
                <thead>
                  <tr>
                    <th>{t('Documento')}</th>
                    <th>SHA-256</th>
                  </tr>
                </thead>
                <tbody>
                  {(proposal.content.documents ?? []).map((d) => (
                    <tr>
                      <td>{d.title ?? d.fileName ?? d.documentId}</td>
                      <td class="hash mono">{d.sha256}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <p class="small">
              {t(
                'El compromiso es el SHA-256 de tu propuesta con su sal; se publica en el acto de apertura y cualquiera puede comprobar que la propuesta abierta es la que sellaste.',
              )}
            </p>
          </>
        )}
      </Loaded>
    </div>
  );
}
