import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DataSource } from 'typeorm';
import { IV_BYTES, KEY_BYTES, randomDataKey } from '../domain/sealing';

/**
 * The key store of sealed proposals: one 32-byte AES-256-GCM data key per tender, in `tender_keys`, apart
 * from the events (which only name it by `tenderKeyId`). Each data key is itself stored wrapped: encrypted
 * with AES-256-GCM under the master key from configuration (LICITA_MASTER_KEY), bound to its key id and
 * tender id as additional authenticated data, so the database alone never holds a usable key and a row
 * copied onto another tender does not open.
 *
 * Who asks for the clear data key (`dataKey`), and why:
 * - a supplier's submission or replacement, to seal the proposal (encryption only);
 * - the opening act, at or after the opening time, to reveal every proposal at once;
 * - a supplier reading its own proposal back (`GET …/proposals/mine`), for that supplier only.
 */
@Injectable()
export class TenderKeyStore {
  private readonly masterKey: Buffer;
  private readonly masterKeyId: string;

  constructor(
    private readonly db: DataSource,
    @Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'masterKey'>,
  ) {
    this.masterKey = Buffer.from(config.masterKey, 'base64');
    if (this.masterKey.length !== KEY_BYTES) throw new Error(`the master key must be ${KEY_BYTES} bytes`);
    this.masterKeyId = createHash('sha256').update(this.masterKey).digest('hex').slice(0, 16);
  }

  /** The id of the tender's data key, made on first use; the same id however often it is asked (retries, races). */
  async keyIdFor(tenderId: string): Promise<string> {
    const tenderKeyId = `tender-key-${randomUUID()}`;
    const wrapped = this.wrap(randomDataKey(), tenderKeyId, tenderId);
    await this.db.query(
      `INSERT INTO tender_keys (tender_key_id, tender_id, wrapped_key, iv, auth_tag, master_key_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tender_id) DO NOTHING`,
      [tenderKeyId, tenderId, wrapped.ciphertext, wrapped.iv, wrapped.authTag, this.masterKeyId],
    );
    const [row]: Array<{ tender_key_id: string }> = await this.db.query(
      'SELECT tender_key_id FROM tender_keys WHERE tender_id = $1',
      [tenderId],
    );
    return row.tender_key_id;
  }

  /** The clear data key of a tender (see the class comment for who may ask). */
  async dataKey(tenderKeyId: string): Promise<Buffer> {
    const [row]: Array<{
      tender_id: string;
      wrapped_key: string;
      iv: string;
      auth_tag: string;
      master_key_id: string;
    }> = await this.db.query(
      'SELECT tender_id, wrapped_key, iv, auth_tag, master_key_id FROM tender_keys WHERE tender_key_id = $1',
      [tenderKeyId],
    );
    if (!row) throw new Error(`tender key ${tenderKeyId} is missing from tender_keys`);
    if (row.master_key_id !== this.masterKeyId) {
      throw new Error(
        `tender key ${tenderKeyId} was wrapped by master key ${row.master_key_id}, not by the configured LICITA_MASTER_KEY (${this.masterKeyId})`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(row.iv, 'base64'));
    decipher.setAAD(Buffer.from(aadOf(tenderKeyId, row.tender_id)));
    decipher.setAuthTag(Buffer.from(row.auth_tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(row.wrapped_key, 'base64')), decipher.final()]);
  }

  private wrap(dataKey: Buffer, tenderKeyId: string, tenderId: string) {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.masterKey, iv);
    cipher.setAAD(Buffer.from(aadOf(tenderKeyId, tenderId)));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return {
      ciphertext: ciphertext.toString('base64'),
      iv: iv.toString('base64'),
      authTag: cipher.getAuthTag().toString('base64'),
    };
  }
}

const aadOf = (tenderKeyId: string, tenderId: string) => `licita tender key|${tenderKeyId}|${tenderId}`;
