import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { notFound } from '@licita/shared';
import { type Checkpoint, type CheckpointBody, keyIdOf, signCheckpoint, spkiOf } from '../verification/checkpoint';

export interface PublishedKey {
  algorithm: 'Ed25519';
  keyId: string;
  /** base64 of the DER SubjectPublicKeyInfo. */
  publicKey: string;
  pem: string;
}

/** The Ed25519 key of LICITA_LEDGER_KEY, which signs checkpoints; absent when not configured. */
@Injectable()
export class LedgerKey {
  private readonly privateKey?: KeyObject;
  private readonly publicKey?: KeyObject;

  constructor(@Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'ledger'>) {
    if (config.ledger.key === undefined) {
      new Logger('Ledger').warn('LICITA_LEDGER_KEY is not set: the ledger chains every event but signs no checkpoint');
      return;
    }
    this.privateKey = createPrivateKey({ key: Buffer.from(config.ledger.key, 'base64'), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey);
  }

  get configured(): boolean {
    return this.privateKey !== undefined;
  }

  /** The signed checkpoint, or undefined without a key. */
  sign(body: CheckpointBody): Checkpoint | undefined {
    if (!this.privateKey || !this.publicKey) return undefined;
    return signCheckpoint(body, this.privateKey, keyIdOf(this.publicKey));
  }

  published(): PublishedKey {
    if (!this.publicKey)
      throw notFound(
        'ledger.no_signing_key',
        'this deployment has no LICITA_LEDGER_KEY: its ledger is chained but not signed',
      );
    return {
      algorithm: 'Ed25519',
      keyId: keyIdOf(this.publicKey),
      publicKey: spkiOf(this.publicKey).toString('base64'),
      pem: this.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    };
  }
}
