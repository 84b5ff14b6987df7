import { Injectable } from '@nestjs/common';
import { answeredBy } from '@licita/platform';
import { ActSigning } from './act-signing';
import { ActSources } from './act-sources';
import { AuctionResultPdf, OpeningActPdf, RulingActPdf, VerifyActPdf, type SignedAct } from './acts.queries';

/** Each act read from its sources and signed; the reader the acts' query handlers ask. */
@Injectable()
export class Acts {
  constructor(
    private readonly sources: ActSources,
    private readonly signing: ActSigning,
  ) {}

  async opening(tenderId: string, now: Date): Promise<SignedAct> {
    return this.signing.sign(await this.sources.opening(tenderId, now), tenderId);
  }

  async ruling(tenderId: string, now: Date): Promise<SignedAct> {
    return this.signing.sign(await this.sources.ruling(tenderId, now), tenderId);
  }

  async auctionResult(auctionId: string, now: Date): Promise<SignedAct> {
    return this.signing.sign(await this.sources.auctionResult(auctionId, now), auctionId);
  }
}

export const ACT_QUERY_HANDLERS = [
  answeredBy(OpeningActPdf, Acts, (acts, { tenderId, now }) => acts.opening(tenderId, now)),
  answeredBy(RulingActPdf, Acts, (acts, { tenderId, now }) => acts.ruling(tenderId, now)),
  answeredBy(AuctionResultPdf, Acts, (acts, { auctionId, now }) => acts.auctionResult(auctionId, now)),
  answeredBy(VerifyActPdf, ActSigning, (signing, { pdf }) => signing.verify(pdf)),
];
