import { actDocumentId } from './issue-act';

const opening = { kind: 'opening', tenderId: 'T-1', auctionId: null, position: '42' } as const;
const sha = (c: string) => c.repeat(64);

describe('actDocumentId', () => {
  it('names the same act, position and bytes by the same UUID-shaped id', () => {
    expect(actDocumentId(opening, sha('a'))).toBe(actDocumentId({ ...opening }, sha('a')));
    expect(actDocumentId(opening, sha('a'))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('names another version (other bytes), another position or another act by another id', () => {
    const id = actDocumentId(opening, sha('a'));
    expect(actDocumentId(opening, sha('b'))).not.toBe(id);
    expect(actDocumentId({ ...opening, position: '43' }, sha('a'))).not.toBe(id);
    expect(actDocumentId({ ...opening, kind: 'ruling' }, sha('a'))).not.toBe(id);
  });
});
