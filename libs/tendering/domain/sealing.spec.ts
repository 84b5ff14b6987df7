import { createHash } from 'node:crypto';
import { DomainError } from '@licita/shared';
import { thrownBy } from '../../../test/support/decider-spec';
import {
  canonicalJson,
  commitmentOf,
  decrypt,
  encrypt,
  matchesCommitment,
  openProposal,
  randomDataKey,
  randomIv,
  randomSalt,
  saltForRequest,
  sealProposal,
} from './sealing';
import { aProposal, laptopsAt, SUPPLIER } from './tender.scenarios';

const KEY = Buffer.alloc(32, 1);
const IV = Buffer.alloc(12, 2);
const code = (action: () => unknown) => (thrownBy(action) as DomainError).code;

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () =>
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    ));

  it('gives the same text whatever the key order', () =>
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 })));

  it('sorts by UTF-16 code units and escapes as JSON.stringify', () =>
    expect(canonicalJson({ é: 1, z: 2, A: 3, '\u0000': 'línea\n"cita"' })).toBe(
      '{"\\u0000":"línea\\n\\"cita\\"","A":3,"z":2,"é":1}',
    ));

  it('leaves out properties whose value is undefined, as JSON does', () =>
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}'));

  it('refuses what JSON cannot carry exactly', () => {
    for (const value of [
      { when: new Date(0) },
      { n: Number.NaN },
      { n: Infinity },
      { n: 10n },
      [undefined],
      { f: () => 1 },
      new Map(),
    ]) {
      expect(code(() => canonicalJson(value))).toBe('sealing.not_json');
    }
  });
});

describe('commitments', () => {
  it('is the lowercase hex SHA-256 of the canonical JSON', () => {
    expect(commitmentOf({ b: 2, a: 1 })).toBe(createHash('sha256').update('{"a":1,"b":2}').digest('hex'));
    expect(commitmentOf({ b: 2, a: 1 })).toBe('43258cff783fe7036d8a43033f830adfc60ec037382473548ac742b888292777');
  });

  it('changes with one centavo', () => {
    const proposal = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
    const tampered = { ...proposal, lots: [{ ...proposal.lots[0], amount: proposal.lots[0].amount + 1 }] };
    expect(matchesCommitment(proposal, commitmentOf(proposal))).toBe(true);
    expect(matchesCommitment(tampered, commitmentOf(proposal))).toBe(false);
  });

  it('differs for the same offer under another salt, so a public commitment does not give the amount away', () => {
    const proposal = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
    expect(commitmentOf({ ...proposal, salt: randomSalt() })).not.toBe(commitmentOf(proposal));
  });
});

describe('AES-256-GCM with the tender key', () => {
  it('is deterministic for a given key and IV, and opens back to the plaintext', () => {
    const box = encrypt('propuesta', KEY, IV, 'key-1');
    expect(box).toEqual(encrypt('propuesta', KEY, IV, 'key-1'));
    expect(box).toMatchObject({ tenderKeyId: 'key-1', algorithm: 'aes-256-gcm', iv: IV.toString('base64') });
    expect(Buffer.from(box.authTag, 'base64')).toHaveLength(16);
    expect(decrypt(box, KEY).toString('utf8')).toBe('propuesta');
  });

  it('refuses the wrong key', () =>
    expect(code(() => decrypt(encrypt('propuesta', KEY, IV, 'key-1'), Buffer.alloc(32, 9)))).toBe(
      'sealing.cannot_open',
    ));

  it('refuses a ciphertext or tag altered by one bit', () => {
    const box = encrypt('propuesta', KEY, IV, 'key-1');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 1;
      return bytes.toString('base64');
    };
    expect(code(() => decrypt({ ...box, ciphertext: flip(box.ciphertext) }, KEY))).toBe('sealing.cannot_open');
    expect(code(() => decrypt({ ...box, authTag: flip(box.authTag) }, KEY))).toBe('sealing.cannot_open');
  });

  it('refuses a key that is not 32 bytes or an IV that is not 12', () => {
    expect(code(() => encrypt('x', Buffer.alloc(16), IV, 'k'))).toBe('sealing.invalid_key');
    expect(code(() => encrypt('x', KEY, Buffer.alloc(16), 'k'))).toBe('sealing.invalid_iv');
  });

  it('makes random keys, IVs and salts of the right size', () => {
    expect(randomDataKey()).toHaveLength(32);
    expect(randomIv()).toHaveLength(12);
    expect(randomSalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(randomIv().equals(randomIv())).toBe(false);
  });

  it('derives the same salt for the same request key and tender key, another for another of either', () => {
    const salt = saltForRequest(KEY, 'account-1|POST /api/tenders/t-1/proposals|key-1');
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(saltForRequest(KEY, 'account-1|POST /api/tenders/t-1/proposals|key-1')).toBe(salt);
    expect(saltForRequest(KEY, 'account-1|POST /api/tenders/t-1/proposals|key-2')).not.toBe(salt);
    expect(saltForRequest(Buffer.alloc(32, 3), 'account-1|POST /api/tenders/t-1/proposals|key-1')).not.toBe(salt);
    expect(code(() => saltForRequest(Buffer.alloc(16), 'key-1'))).toBe('sealing.invalid_key');
  });
});

describe('sealing a proposal', () => {
  it('commits to and encrypts the same canonical bytes; opening gives back the content', () => {
    const proposal = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
    const { commitment, sealed } = sealProposal(proposal, KEY, IV, 'key-1');
    expect(commitment).toBe(commitmentOf(proposal));
    expect(decrypt(sealed, KEY).toString('utf8')).toBe(canonicalJson(proposal));
    expect(openProposal(sealed, KEY)).toEqual(proposal);
  });

  it('shows nothing of the content in the sealed box', () => {
    const proposal = aProposal(SUPPLIER.A, laptopsAt(2_400_000));
    const { sealed } = sealProposal(proposal, KEY, IV, 'key-1');
    const text = JSON.stringify(sealed) + Buffer.from(sealed.ciphertext, 'base64').toString('latin1');
    for (const secret of [String(proposal.lots[0].amount), proposal.documents[0].sha256, SUPPLIER.A, proposal.salt])
      expect(text).not.toContain(secret);
  });
});
