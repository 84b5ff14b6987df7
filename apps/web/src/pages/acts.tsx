/**
 * Printable views of the acts the platform writes (issue #17): the opening act, the ruling (fallo) and each
 * auction's result, laid out as a sheet for the browser's print dialog, each beside a link to the PDF the platform
 * signed. The views show what the public record shows (offers sealed until a lot's auction closes stay sealed).
 */
import type { ComponentChildren } from 'preact';
import { get } from '../api';
import { Empty, Loaded, Money, useAsync } from '../components/ui';
import { basisPoints, dateTime } from '../format';
import { label, t, tn } from '../i18n';
import { PUBLIC } from '../paths';
import { Link } from '../router';
import type { PublicTender } from '../types';

export type ActKind = 'apertura' | 'fallo' | 'subasta';

/** Where the signed PDF of each act is served. */
export const SIGNED_ACT = {
  opening: (tenderId: string) => `/api/tenders/${encodeURIComponent(tenderId)}/acts/opening.pdf`,
  ruling: (tenderId: string) => `/api/tenders/${encodeURIComponent(tenderId)}/acts/ruling.pdf`,
  auction: (auctionId: string) => `/api/auctions/${encodeURIComponent(auctionId)}/result.pdf`,
};

export function ActPage({ tenderId, act, auctionId }: { tenderId: string; act: ActKind; auctionId?: string }) {
  const tender = useAsync(() => get<PublicTender>(PUBLIC.tender(tenderId)), [tenderId]);
  return (
    <Loaded state={tender}>
      {(record) =>
        act === 'apertura' ? (
          <OpeningAct tender={record} />
        ) : act === 'fallo' ? (
          <RulingAct tender={record} />
        ) : (
          <AuctionAct tender={record} auctionId={auctionId ?? ''} />
        )
      }
    </Loaded>
  );
}

type LotTitle = (lotId: string | null) => string;
const lotTitleOf =
  (tender: PublicTender): LotTitle =>
  (lotId) =>
    lotId ? (tender.lots.find((lot) => lot.lotId === lotId)?.title ?? lotId) : t('Todo el procedimiento');

/** The sheet: who wrote it, about which procedure, the act's body, and the signed PDF beside the print button. */
function Sheet({
  tender,
  title,
  heldAt,
  pdf,
  children,
}: {
  tender: PublicTender;
  title: string;
  heldAt: string | null;
  pdf: string;
  children: ComponentChildren;
}) {
  return (
    <article class="act-sheet" data-testid="act-sheet">
      <p class="muted small no-print">
        <Link href={`/licitaciones/${encodeURIComponent(tender.tenderId)}`}>← {tender.title}</Link>
      </p>
      <header>
        <p class="small">{tender.buyingUnit.name ?? tender.buyingUnit.id}</p>
        <h1>{title}</h1>
        <dl class="act-facts">
          <dt>{t('Procedimiento')}</dt>
          <dd>
            {tender.tenderId} · {label('procedureType', tender.procedureType)}
          </dd>
          <dt>{t('Objeto')}</dt>
          <dd>{tender.title}</dd>
          <dt>{t('Fecha del acto')}</dt>
          <dd>{heldAt ? dateTime(heldAt) : '—'}</dd>
        </dl>
      </header>
      {heldAt ? children : <Empty>{t('Este acto aún no se celebra.')}</Empty>}
      <footer class="act-footer">
        {heldAt && (
          <p class="small">
            {t(
              'La plataforma firma electrónicamente este acta en PDF; cualquiera puede comprobar que no fue alterada.',
            )}
          </p>
        )}
        <p class="no-print">
          {heldAt && (
            <a class="button" href={pdf} download data-testid="signed-pdf">
              {t('Descargar el PDF firmado')}
            </a>
          )}{' '}
          <button type="button" onClick={() => window.print()}>
            {t('Imprimir')}
          </button>
        </p>
      </footer>
    </article>
  );
}

function OpeningAct({ tender }: { tender: PublicTender }) {
  const opening = tender.opening;
  const lotTitle = lotTitleOf(tender);
  return (
    <Sheet
      tender={tender}
      title={t('Acta de presentación y apertura de proposiciones')}
      heldAt={opening?.openedAt ?? null}
      pdf={SIGNED_ACT.opening(tender.tenderId)}
    >
      {opening && (
        <>
          <p>
            {tn(
              opening.bidders,
              'Se recibió {n} proposición, que se abre en este acto.',
              'Se recibieron {n} proposiciones, que se abren en este acto.',
            )}
          </p>
          <table class="act-table">
            <thead>
              <tr>
                <th>{t('Licitante')}</th>
                <th>{t('Partida')}</th>
                <th class="num">{t('Monto ofertado')}</th>
                <th>{t('Compromiso (SHA-256)')}</th>
              </tr>
            </thead>
            <tbody>
              {opening.proposals.flatMap((proposal) => [
                ...proposal.offers.map((offer) => (
                  <tr data-testid="act-offer">
                    <td>{proposal.supplier.name ?? proposal.supplier.id}</td>
                    <td>{lotTitle(offer.lotId)}</td>
                    <td class="num">
                      <Money amount={offer.value} />
                    </td>
                    <td class="mono hash">{proposal.commitment}</td>
                  </tr>
                )),
                ...(proposal.sealedUntilAuction ?? []).map((lotId) => (
                  <tr data-testid="act-offer">
                    <td>{proposal.supplier.name ?? proposal.supplier.id}</td>
                    <td>{lotTitle(lotId)}</td>
                    <td class="num">{t('Sellado hasta el cierre de la subasta')}</td>
                    <td class="mono hash">{proposal.commitment}</td>
                  </tr>
                )),
              ])}
            </tbody>
          </table>
        </>
      )}
    </Sheet>
  );
}

function RulingAct({ tender }: { tender: PublicTender }) {
  const lotTitle = lotTitleOf(tender);
  const awardedAt = tender.awards.map((award) => award.awardedAt).sort()[0] ?? null;
  return (
    <Sheet tender={tender} title={t('Acta de fallo')} heldAt={awardedAt} pdf={SIGNED_ACT.ruling(tender.tenderId)}>
      <table class="act-table">
        <thead>
          <tr>
            <th>{t('Partida')}</th>
            <th>{t('Proveedor')}</th>
            <th class="num">{t('Monto')}</th>
            <th>{t('Base')}</th>
            <th>{t('Fecha')}</th>
          </tr>
        </thead>
        <tbody>
          {tender.awards.map((award) => (
            <tr data-testid="act-award">
              <td>{lotTitle(award.lotId)}</td>
              <td>{award.supplier.name ?? award.supplier.id}</td>
              <td class="num">
                <Money amount={award.value} />
              </td>
              <td>{label('awardBasis', award.basis)}</td>
              <td>{dateTime(award.awardedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Sheet>
  );
}

function AuctionAct({ tender, auctionId }: { tender: PublicTender; auctionId: string }) {
  const auction = tender.auctions.find((a) => a.auctionId === auctionId);
  const lotTitle = lotTitleOf(tender);
  const closed = auction?.status === 'closed';
  return (
    <Sheet
      tender={tender}
      title={t('Acta de resultado de la subasta inversa')}
      heldAt={closed ? auction.endsAt : null}
      pdf={SIGNED_ACT.auction(auctionId)}
    >
      {auction && (
        <dl class="act-facts">
          <dt>{t('Partida')}</dt>
          <dd>{lotTitle(auction.lotId)}</dd>
          <dt>{t('Participantes')}</dt>
          <dd>{auction.participants}</dd>
          <dt>{t('Mejor oferta inicial')}</dt>
          <dd>
            <Money amount={auction.bestOpeningPrice} />
          </dd>
          <dt>{t('Precio final')}</dt>
          <dd data-testid="act-final-price">
            <Money amount={auction.finalPrice} />
          </dd>
          {auction.savings && (
            <>
              <dt>{t('Ahorro')}</dt>
              <dd>
                <Money amount={auction.savings.amount} /> ({basisPoints(auction.savings.basisPoints)})
              </dd>
            </>
          )}
        </dl>
      )}
    </Sheet>
  );
}
