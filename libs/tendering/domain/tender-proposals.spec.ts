import { at, deciderSpec } from '../../../test/support/decider-spec';
import { commitmentOf, openProposal, proposalReceipt } from './sealing';
import { tenderDecider } from './tender.decider';
import type { ProposalSubmitted, TenderEvent } from './tender.events';
import {
  anInvitation,
  anOpenedTender,
  aProposal,
  aPublishedTender,
  aTenderOpenForProposals,
  aTenderWithProposals,
  HOUR,
  laptopsAt,
  ms,
  openProposals,
  play,
  standing,
  stateOf,
  submitProposal,
  SUPPLIER,
  T,
  TENDER_ID,
  TENDER_KEY,
  TENDER_KEY_ID,
  twoLots,
  DAY,
  PROPOSAL,
} from './tender.scenarios';

const given = deciderSpec(tenderDecider);
const { A: proposalA, B: proposalB } = PROPOSAL;
const withdraw = (proposalId: string, supplierId: string) => ({
  type: 'WithdrawProposal' as const,
  tenderId: TENDER_ID,
  proposalId,
  supplierId,
});
const during = ms(T.questionsDeadline, DAY);

describe('submitting a sealed proposal', () => {
  it('records only who, which lots, the commitment, the sealed box and the time', () => {
    const command = submitProposal(proposalA);
    given(...aTenderOpenForProposals())
      .when(command, at(during))
      .then({
        type: 'ProposalSubmitted',
        data: {
          tenderId: TENDER_ID,
          proposalId: proposalA.proposalId,
          supplierId: SUPPLIER.A,
          lotIds: ['lot-1'],
          commitment: commitmentOf(proposalA),
          sealed: command.sealed,
          submittedAt: during,
        },
      });
  });

  it('never carries an amount, a price or a document in clear', () => {
    const [event] = tenderDecider.decide(submitProposal(proposalA), stateOf(aTenderOpenForProposals()), at(during));
    const json = JSON.stringify(event);
    const secrets = [
      String(proposalA.lots[0].amount),
      String(proposalA.lots[0].items[0].unitPrice),
      proposalA.documents[0].sha256,
      proposalA.documents[0].title,
      proposalA.documents[0].fileName,
      proposalA.salt,
    ];
    for (const secret of secrets) expect(json).not.toContain(secret);
    expect(Object.keys(event.data).sort()).toEqual([
      'commitment',
      'lotIds',
      'proposalId',
      'sealed',
      'submittedAt',
      'supplierId',
      'tenderId',
    ]);
  });

  it('seals what the key holder can open and the commitment proves', () => {
    const [event] = tenderDecider.decide(
      submitProposal(proposalA),
      stateOf(aTenderOpenForProposals()),
      at(during),
    ) as ProposalSubmitted[];
    const opened = openProposal(event.data.sealed, TENDER_KEY);
    expect(opened).toEqual(proposalA);
    expect(commitmentOf(opened)).toBe(event.data.commitment);
    expect(proposalReceipt(event.data)).toEqual({
      tenderId: TENDER_ID,
      proposalId: proposalA.proposalId,
      commitment: commitmentOf(proposalA),
      submittedAt: during,
    });
  });
});

describe('submitting a sealed proposal', () => {
  describe('the submission period', () => {
    it('refuses a proposal during the enquiry period (early), even one millisecond before the questions deadline', () =>
      given(...aPublishedTender())
        .when(submitProposal(proposalA), at(ms(T.questionsDeadline, -1)))
        .thenThrows('proposal.tendering_not_started', { opensAt: T.questionsDeadline }));

    it('accepts a proposal from the questions deadline even if the clock has not recorded it yet (on time)', () =>
      expect(
        given(...aPublishedTender())
          .when(submitProposal(proposalA), at(T.questionsDeadline))
          .thenState().proposals[proposalA.proposalId],
      ).toBeDefined());

    it('accepts a proposal one millisecond before the submission deadline', () =>
      expect(
        given(...aTenderOpenForProposals())
          .when(submitProposal(proposalA), at(ms(T.submissionDeadline, -1)))
          .thenState().proposals[proposalA.proposalId].submittedAt,
      ).toBe(ms(T.submissionDeadline, -1)));

    it('refuses a proposal at the submission deadline (late)', () =>
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA), at(T.submissionDeadline))
        .thenThrows('proposal.late', { submissionDeadline: T.submissionDeadline }));

    it('refuses a proposal after the submission deadline (late)', () =>
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA), at(ms(T.submissionDeadline, HOUR)))
        .thenThrows('proposal.late'));

    it('refuses a proposal once the proposals are opened', () =>
      given(...anOpenedTender([proposalB]))
        .when(submitProposal(proposalA), at(T.openingDate))
        .thenThrows('tender.invalid_transition', { status: 'opened' }));

    it('follows an extended deadline', () => {
      const amended = play(
        aTenderOpenForProposals(),
        {
          type: 'AmendTender',
          tenderId: TENDER_ID,
          amendmentId: 'a-1',
          changes: { title: 'Laptops' },
          reason: 'aclaración',
        },
        ms(T.submissionDeadline, -DAY),
      );
      expect(
        given(...amended)
          .when(submitProposal(proposalA), at(ms(T.submissionDeadline, DAY)))
          .thenState().proposals[proposalA.proposalId],
      ).toBeDefined();
    });
  });
});

describe('submitting a sealed proposal', () => {
  describe('eligibility, from the supplier register at now', () => {
    it('refuses a supplier that is not verified', () =>
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { supplier: standing(SUPPLIER.A, { verified: false }) }), at(during))
        .thenThrows('proposal.supplier_not_verified', { supplierId: SUPPLIER.A }));

    it('refuses a sanctioned supplier', () =>
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { supplier: standing(SUPPLIER.A, { sanctioned: true }) }), at(during))
        .thenThrows('proposal.supplier_sanctioned'));

    it('refuses a supplier not invited to an invitation, and accepts an invited one', () => {
      const proposalD = aProposal(SUPPLIER.D, laptopsAt(2_000_000));
      given(...aTenderOpenForProposals(anInvitation()))
        .when(submitProposal(proposalD), at(during))
        .thenThrows('proposal.supplier_not_invited', { supplierId: SUPPLIER.D });
      expect(
        given(...aTenderOpenForProposals(anInvitation()))
          .when(submitProposal(proposalA), at(during))
          .thenState().proposals[proposalA.proposalId],
      ).toBeDefined();
    });
  });

  describe('what the command must hold', () => {
    it('refuses a box sealed with another key', () =>
      given(...aTenderOpenForProposals())
        .when(
          submitProposal(proposalA, { sealed: { ...submitProposal(proposalA).sealed, tenderKeyId: 'other-key' } }),
          at(during),
        )
        .thenThrows('proposal.wrong_key'));

    it('refuses a malformed sealed box or commitment', () => {
      const sealed = submitProposal(proposalA).sealed;
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { sealed: { ...sealed, iv: 'AAAA' } }), at(during))
        .thenThrows('proposal.invalid_sealed_box', { field: 'iv' });
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { sealed: { ...sealed, authTag: '' } }), at(during))
        .thenThrows('proposal.invalid_sealed_box', { field: 'authTag' });
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { sealed: { ...sealed, algorithm: 'aes-128-cbc' as never } }), at(during))
        .thenThrows('proposal.invalid_sealed_box', { field: 'algorithm' });
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { commitment: 'ABC' }), at(during))
        .thenThrows('proposal.invalid_commitment');
    });

    it('refuses a proposal without lots or for a lot the tender does not have', () => {
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { lotIds: [] }), at(during))
        .thenThrows('proposal.no_lots');
      given(...aTenderOpenForProposals())
        .when(submitProposal(proposalA, { lotIds: ['lot-2'] }), at(during))
        .thenThrows('proposal.unknown_lot', { lotId: 'lot-2' });
    });
  });
});

describe('submitting a sealed proposal', () => {
  describe('one proposal per supplier and lot', () => {
    const history = () => aTenderWithProposals([proposalA], twoLots());

    it('refuses a second proposal of the same supplier for a lot it already covers', () =>
      given(...history())
        .when(submitProposal(aProposal(SUPPLIER.A, laptopsAt(2_000_000), { proposalId: 'prop-a-2' })), at(during))
        .thenThrows('proposal.lot_already_covered', { lotIds: ['lot-1'] }));

    it('accepts a separate proposal of the same supplier for another lot', () => {
      const printers = aProposal(SUPPLIER.A, { 'lot-2': { 'item-3': 700_000 } }, { proposalId: 'prop-a-printers' });
      expect(
        Object.keys(
          given(...history())
            .when(submitProposal(printers), at(during))
            .thenState().proposals,
        ),
      ).toHaveLength(2);
    });

    it('treats the same submission again as done, and refuses another under the same id', () => {
      given(...history())
        .when(submitProposal(proposalA), at(during))
        .thenNothing();
      given(...history())
        .when(submitProposal(aProposal(SUPPLIER.B, laptopsAt(1), { proposalId: proposalA.proposalId })), at(during))
        .thenThrows('proposal.already_exists');
    });
  });
});

describe('replacing and withdrawing', () => {
  const history = () => aTenderWithProposals([proposalA]);
  const cheaper = aProposal(SUPPLIER.A, laptopsAt(2_200_000));

  it('replaces a proposal with a new commitment and time', () => {
    const replace = { ...submitProposal(cheaper), type: 'ReplaceProposal' as const };
    given(...history())
      .when(replace, at(during))
      .then({
        type: 'ProposalReplaced',
        data: {
          tenderId: TENDER_ID,
          proposalId: cheaper.proposalId,
          supplierId: SUPPLIER.A,
          lotIds: ['lot-1'],
          commitment: commitmentOf(cheaper),
          sealed: replace.sealed,
          submittedAt: during,
        },
      });
  });

  it('refuses replacing after the deadline, someone else’s proposal, or one that does not exist', () => {
    const replace = { ...submitProposal(cheaper), type: 'ReplaceProposal' as const };
    given(...history())
      .when(replace, at(T.submissionDeadline))
      .thenThrows('proposal.late');
    given(...history())
      .when({ ...replace, supplier: standing(SUPPLIER.B) }, at(during))
      .thenThrows('proposal.not_owner');
    given(...history())
      .when({ ...replace, proposalId: 'prop-x' }, at(during))
      .thenThrows('proposal.not_found');
  });

  it('refuses replacing when the supplier has since been sanctioned', () =>
    given(...history())
      .when(
        { ...submitProposal(cheaper), type: 'ReplaceProposal', supplier: standing(SUPPLIER.A, { sanctioned: true }) },
        at(during),
      )
      .thenThrows('proposal.supplier_sanctioned'));

  it('withdraws until the deadline, then no more', () => {
    given(...history())
      .when(withdraw(proposalA.proposalId, SUPPLIER.A), at(ms(T.submissionDeadline, -1)))
      .then({
        type: 'ProposalWithdrawn',
        data: {
          tenderId: TENDER_ID,
          proposalId: proposalA.proposalId,
          supplierId: SUPPLIER.A,
          withdrawnAt: ms(T.submissionDeadline, -1),
        },
      });
    given(...history())
      .when(withdraw(proposalA.proposalId, SUPPLIER.A), at(T.submissionDeadline))
      .thenThrows('proposal.late');
  });

  it('refuses withdrawing someone else’s proposal; a second withdrawal changes nothing', () => {
    given(...history())
      .when(withdraw(proposalA.proposalId, SUPPLIER.B), at(during))
      .thenThrows('proposal.not_owner');
    given(...play(history(), withdraw(proposalA.proposalId, SUPPLIER.A), during))
      .when(withdraw(proposalA.proposalId, SUPPLIER.A), at(during))
      .thenNothing();
  });
});

describe('replacing and withdrawing', () => {
  const history = () => aTenderWithProposals([proposalA]);
  const cheaper = aProposal(SUPPLIER.A, laptopsAt(2_200_000));

  it('lets a supplier submit again after withdrawing, and refuses replacing the withdrawn one', () => {
    const withdrawn = play(history(), withdraw(proposalA.proposalId, SUPPLIER.A), during);
    const again = aProposal(SUPPLIER.A, laptopsAt(2_100_000), { proposalId: 'prop-a-2' });
    expect(
      given(...withdrawn)
        .when(submitProposal(again), at(during))
        .thenState().proposals['prop-a-2'],
    ).toBeDefined();
    given(...withdrawn)
      .when({ ...submitProposal(cheaper), type: 'ReplaceProposal' }, at(during))
      .thenThrows('proposal.withdrawn');
  });
});

describe('the opening act', () => {
  const proposals = [proposalA, proposalB];
  const history = (): TenderEvent[] => aTenderWithProposals(proposals);

  it('reveals every proposal at once, with bidders, amounts per lot and commitments', () => {
    const events = tenderDecider.decide(openProposals(proposals), stateOf(history()), at(T.openingDate));
    expect(events).toEqual([
      {
        type: 'ProposalsOpened',
        data: {
          tenderId: TENDER_ID,
          openedAt: T.openingDate,
          proposals: [
            {
              proposalId: proposalA.proposalId,
              supplierId: SUPPLIER.A,
              lotIds: ['lot-1'],
              commitment: commitmentOf(proposalA),
              submittedAt: ms(T.questionsDeadline, HOUR),
              offers: [{ lotId: 'lot-1', amount: { amount: 25_000_000, currency: 'MXN' } }],
              content: proposalA,
            },
            {
              proposalId: proposalB.proposalId,
              supplierId: SUPPLIER.B,
              lotIds: ['lot-1'],
              commitment: commitmentOf(proposalB),
              submittedAt: ms(T.questionsDeadline, 2 * HOUR),
              offers: [{ lotId: 'lot-1', amount: { amount: 24_000_000, currency: 'MXN' } }],
              content: proposalB,
            },
          ],
        },
      },
    ]);
  });

  it('publishes contents that anyone can check against the commitments of the receipts', () => {
    const [opened] = tenderDecider.decide(openProposals(proposals), stateOf(history()), at(T.openingDate));
    const receipts = history()
      .filter((e): e is ProposalSubmitted => e.type === 'ProposalSubmitted')
      .map((e) => proposalReceipt(e.data));
    for (const proposal of (opened.data as { proposals: Array<{ proposalId: string; content: unknown }> }).proposals) {
      expect(commitmentOf(proposal.content)).toBe(
        receipts.find((r) => r.proposalId === proposal.proposalId)?.commitment,
      );
    }
  });

  it('refuses a revealed content that was tampered with (one centavo)', () => {
    const tampered = { ...proposalB, lots: [{ ...proposalB.lots[0], amount: proposalB.lots[0].amount - 1 }] };
    given(...history())
      .when(openProposals([proposalA, tampered]), at(T.openingDate))
      .thenThrows('opening.commitment_mismatch', { proposalId: proposalB.proposalId });
  });

  it('accepts a revealed content whose keys come in another order (the commitment is over canonical JSON)', () => {
    const reordered = Object.fromEntries(Object.entries(proposalA).reverse()) as typeof proposalA;
    expect(Object.keys(reordered)[0]).toBe('salt');
    expect(
      given(...history())
        .when(openProposals([reordered, proposalB]), at(T.openingDate))
        .thenState().status,
    ).toBe('opened');
  });
});

describe('the opening act', () => {
  const proposals = [proposalA, proposalB];
  const history = (): TenderEvent[] => aTenderWithProposals(proposals);

  it('refuses opening before the opening date (early), opens at it (on time) and after it (late)', () => {
    given(...history())
      .when(openProposals(proposals), at(ms(T.openingDate, -1)))
      .thenThrows('opening.too_early', { openingDate: T.openingDate });
    expect(
      given(...history())
        .when(openProposals(proposals), at(T.openingDate))
        .thenState().status,
    ).toBe('opened');
    expect(
      given(...history())
        .when(openProposals(proposals), at(ms(T.openingDate, 3 * DAY)))
        .thenState().status,
    ).toBe('opened');
  });

  it('refuses opening some proposals but not all, or a proposal that was not submitted', () => {
    given(...history())
      .when(openProposals([proposalA]), at(T.openingDate))
      .thenThrows('opening.proposal_missing', { proposalIds: [proposalB.proposalId] });
    const stranger = aProposal(SUPPLIER.C, laptopsAt(1_000_000));
    given(...history())
      .when(openProposals([...proposals, stranger]), at(T.openingDate))
      .thenThrows('opening.unknown_proposal', { proposalIds: [stranger.proposalId] });
  });

  it('does not open a withdrawn proposal', () => {
    const withdrawn = play(history(), withdraw(proposalA.proposalId, SUPPLIER.A), during);
    given(...withdrawn)
      .when(openProposals(proposals), at(T.openingDate))
      .thenThrows('opening.unknown_proposal', { proposalIds: [proposalA.proposalId] });
    expect(
      given(...withdrawn)
        .when(openProposals([proposalB]), at(T.openingDate))
        .thenState().status,
    ).toBe('opened');
  });

  it('refuses a content that matches its commitment but not the proposal (submitted under another supplier)', () => {
    const impostor = aProposal(SUPPLIER.C, laptopsAt(2_000_000), { proposalId: proposalA.proposalId });
    const submitted = play(
      aTenderOpenForProposals(),
      { ...submitProposal(impostor), supplier: standing(SUPPLIER.A) },
      during,
    );
    given(...submitted)
      .when(openProposals([impostor]), at(T.openingDate))
      .thenThrows('opening.content_mismatch', { field: 'supplierId' });
  });

  it('deserts at the opening a lot nobody bid for', () => {
    const events = tenderDecider.decide(
      openProposals([proposalA]),
      stateOf(aTenderWithProposals([proposalA], twoLots())),
      at(T.openingDate),
    );
    expect(events.map((e) => e.type)).toEqual(['ProposalsOpened', 'LotDeserted']);
    expect(events[1].data).toEqual({
      tenderId: TENDER_ID,
      lotId: 'lot-2',
      reason: 'no_proposals',
      desertedAt: T.openingDate,
    });
  });
});

describe('the opening act', () => {
  it('deserts the tender when the act opens no proposal', () => {
    const state = given(...aTenderOpenForProposals())
      .when(openProposals([]), at(T.openingDate))
      .thenState();
    expect(state.status).toBe('deserted');
  });

  it('uses the tender key named at publication', () =>
    expect(stateOf(aPublishedTender()).tenderKeyId).toBe(TENDER_KEY_ID));
});
