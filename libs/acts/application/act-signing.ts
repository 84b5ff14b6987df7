import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { ACT_TITLES, type Act } from '../domain/act.types';
import type { ActSigningKey } from '../signing/signing-key';
import type { ActVerification } from '../signing/verify-act';
import type { SignedAct } from './acts.queries';

const CACHED_ACTS = 200;

/**
 * Renders and signs acts with the platform's key (ACTS_SIGNING_P12, or the one generated in the data folder),
 * and verifies them against it. Rendering and signing are deterministic, so the cache (the last signed acts,
 * by the SHA-256 of the unsigned PDF) only saves the RSA work: a restart signs the same act to the same bytes.
 */
@Injectable()
export class ActSigning {
  private key?: ActSigningKey;
  private readonly cache = new Map<string, SignedAct>();

  constructor(@Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'acts'>) {}

  async sign(act: Act, name: string): Promise<SignedAct> {
    const { renderAct, signActPdf } = await pdfTools();
    const unsigned = await renderAct(act);
    const cacheKey = sha256(unsigned);
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const pdf = await signActPdf(unsigned, await this.signingKey(), {
      reason: ACT_TITLES[act.kind].reason,
      signingTime: new Date(act.event.occurredAt),
    });
    const hash = sha256(pdf);
    const signed: SignedAct = {
      pdf,
      fileName: `${ACT_TITLES[act.kind].file}-${name}.pdf`,
      etag: `"${hash}"`,
      sha256: hash,
      contentSha256: cacheKey,
      kind: act.kind,
      position: act.event.position,
    };
    if (this.cache.size >= CACHED_ACTS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(cacheKey, signed);
    return signed;
  }

  async verify(pdf: Buffer): Promise<ActVerification> {
    const { verifyActPdf } = await pdfTools();
    return verifyActPdf(pdf, { trustedCertificatePem: (await this.signingKey()).certificatePem });
  }

  private async signingKey(): Promise<ActSigningKey> {
    const { signingP12, signingP12Password, generateSigningKey } = this.config.acts;
    this.key ??= (await pdfTools()).loadActSigningKey(signingP12, signingP12Password, generateSigningKey);
    return this.key;
  }
}

/** pdfkit, @signpdf and node-forge, loaded when the first act is rendered or verified, not at every start. */
const pdfTools = () => import('../pdf');

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
