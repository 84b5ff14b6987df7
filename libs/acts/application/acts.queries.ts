import { Query } from '@nestjs/cqrs';
import type { ActVerification } from '../signing/verify-act';

/**
 * A signed act: its PDF, the file name to save it as, a strong ETag (the bytes' SHA-256, also `sha256`), the
 * SHA-256 of the act before signing (what it says, whatever key signs it), its kind and the global position of
 * the event that made it.
 */
export type SignedAct = {
  pdf: Buffer;
  fileName: string;
  etag: string;
  sha256: string;
  contentSha256: string;
  kind: 'opening' | 'ruling' | 'auction_result';
  position: string;
};

/** The signed opening act of a tender, as the public may read it at `now` (`act.not_yet_held` before it). */
export class OpeningActPdf extends Query<SignedAct> {
  constructor(
    readonly tenderId: string,
    readonly now: Date,
  ) {
    super();
  }
}

/** The signed ruling (fallo) of a tender, once every lot is awarded or deserted (`act.not_yet_held` before). */
export class RulingActPdf extends Query<SignedAct> {
  constructor(
    readonly tenderId: string,
    readonly now: Date,
  ) {
    super();
  }
}

/** The signed result of a lot's reverse auction, once it has closed (`act.not_yet_held` before). */
export class AuctionResultPdf extends Query<SignedAct> {
  constructor(
    readonly auctionId: string,
    readonly now: Date,
  ) {
    super();
  }
}

/** Whether a PDF is an act the platform signed, unchanged. */
export class VerifyActPdf extends Query<ActVerification> {
  constructor(readonly pdf: Buffer) {
    super();
  }
}
