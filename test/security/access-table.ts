import { randomUUID } from 'node:crypto';
import { aBuyingUnit, aSupplierRegistration, aUniqueRfc, PASSWORD } from '../api/register/register-api';
import { aProposal, aTender, laptopsAt } from '../api/tendering/tendering-api';
import { at, DAY, P, ROLES, TENDERING, type Role, type WorldIds } from './security-world';

/**
 * THE access table: who may do what, for every HTTP endpoint and every Socket.IO event of the API. The matrix
 * test (access-matrix.e2e-spec.ts) sends each row's request as each role and compares the outcome with the
 * cell; the same rows, rendered, are the README's "Who may do what" table (checked in). A route the OpenAPI
 * document lists without a row here fails the matrix test, so new endpoints must be placed in the table.
 *
 * A cell is what the caller gets:
 * - `ok`: allowed. A command passes authorization (it may still be refused for its content or the state of
 *   things, never with 401/403 `auth.*`); a read answers 2xx.
 * - `401`: `auth.unauthenticated` (log in first); `403`: `auth.forbidden`.
 * - any other code: that refusal (status 403 unless it says otherwise), e.g. another supplier's proposal.
 * - `404`: the resource does not exist for this caller (`*.not_found`), as for the public and a draft.
 */
export type Cell = 'ok' | '401' | '403' | '404' | `${string}.${string}`;
export type Cells = Record<Role, Cell>;

export interface HttpRow {
  /** `METHOD /path/{param}` as in the OpenAPI document; a suffix in parentheses tells apart two rows of one route. */
  endpoint: string;
  path: (ids: WorldIds) => string;
  body?: (ids: WorldIds) => unknown;
  cells: Cells;
  /** What the row shows, in the rendered table. */
  note?: string;
}

export interface SocketRow {
  /** `connect` (the handshake) or the event's name. */
  event: string;
  payload?: (ids: WorldIds) => unknown;
  cells: Cells;
  note?: string;
}

const cells = (fill: (role: Role) => Cell): Cells =>
  Object.fromEntries(ROLES.map((role) => [role, fill(role)])) as Cells;
/** Allowed to these roles; the anonymous public must log in, every other account is forbidden. */
const only = (...allowed: Role[]): Cells =>
  cells((role) => (allowed.includes(role) ? 'ok' : role === 'anonymous' ? '401' : '403'));
const everyone = (): Cells => cells(() => 'ok');
const accounts = (): Cells => cells((role) => (role === 'anonymous' ? '401' : 'ok'));
const BUYER: Role = 'buyer of the unit';
const SUPPLIERS: Role[] = ['supplier A', 'supplier B'];

const reason = { reason: 'Motivo fundado y documentado' };

export const HTTP_TABLE: HttpRow[] = [
  // Sign-in
  {
    endpoint: 'POST /api/auth/login',
    path: () => '/api/auth/login',
    body: () => ({ email: 'nadie@licita.example.mx', password: PASSWORD }),
    cells: everyone(),
    note: 'wrong credentials: 401 auth.invalid_credentials',
  },
  {
    endpoint: 'POST /api/auth/refresh',
    path: () => '/api/auth/refresh',
    body: () => ({ refreshToken: 'not-a-token' }),
    cells: everyone(),
    note: 'a bad token: 401 auth.invalid_token',
  },
  // Accounts
  {
    endpoint: 'POST /api/accounts',
    path: () => '/api/accounts',
    body: () => ({ email: `${randomUUID()}@licita.example.mx`, role: 'auditor', temporaryPassword: PASSWORD }),
    cells: only('registrar'),
  },
  {
    endpoint: 'POST /api/accounts (a supplier account)',
    path: () => '/api/accounts',
    body: (ids) => ({
      email: `${randomUUID()}@licita.example.mx`,
      role: 'supplier',
      supplierId: ids.supplierA,
      temporaryPassword: PASSWORD,
    }),
    cells: cells((role) =>
      role === 'registrar' ? 'account.supplier_self_registration_only' : role === 'anonymous' ? '401' : '403',
    ),
    note: 'no one mints a supplier’s login',
  },
  {
    endpoint: 'POST /api/accounts/me/password',
    path: () => '/api/accounts/me/password',
    body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }),
    cells: accounts(),
  },
  { endpoint: 'GET /api/accounts/me', path: () => '/api/accounts/me', cells: accounts() },
  {
    endpoint: 'GET /api/accounts',
    path: (ids) => `/api/accounts?role=buyer&buyingUnitId=${ids.unitId}`,
    cells: only('registrar', 'auditor'),
    note: 'the staff list of accounts; never a password hash',
  },
  // Buying units
  {
    endpoint: 'POST /api/buying-units',
    path: () => '/api/buying-units',
    body: () => aBuyingUnit(),
    cells: only('registrar'),
  },
  {
    endpoint: 'PUT /api/buying-units/{id}/location',
    path: (ids) => `/api/buying-units/${ids.unitId}/location`,
    body: () => ({ stateCode: '09' }),
    cells: only('registrar'),
    note: 'INEGI state and municipality keys, for the searches by place',
  },
  { endpoint: 'GET /api/buying-units', path: () => '/api/buying-units?limit=5', cells: everyone() },
  {
    endpoint: 'GET /api/buying-units/export',
    path: () => '/api/buying-units/export?format=csv',
    cells: everyone(),
    note: 'CSV or XLSX of the list (rate limited per IP)',
  },
  { endpoint: 'GET /api/buying-units/{id}', path: (ids) => `/api/buying-units/${ids.unitId}`, cells: everyone() },
  // The government tree (libs/buying-units): a state administrator (not a column here: see the policy's unit
  // matrix and test/api/transparency/search-filters.e2e-spec.ts) acts inside its state only
  {
    endpoint: 'POST /api/organisations',
    path: () => '/api/organisations',
    body: () => ({ level: 'federal', name: `Dependencia ${randomUUID().slice(0, 8)}`, reason: 'Alta en el padrón' }),
    cells: only('registrar'),
    note: 'federal entities, states (GE) and municipalities (GM) by INEGI key; a state_admin within its state',
  },
  {
    endpoint: 'PUT /api/buying-units/{id}/organisation',
    path: (ids) => `/api/buying-units/${ids.unitId}/organisation`,
    body: () => ({ organisationId: randomUUID(), reason: 'La unidad pertenece a la organización' }),
    cells: only('registrar'),
    note: 'an unknown organisation: 422 buying_unit.organisation_not_found',
  },
  { endpoint: 'GET /api/organisations', path: () => '/api/organisations', cells: everyone() },
  {
    endpoint: 'GET /api/organisations/{id}',
    path: () => `/api/organisations/${randomUUID()}`,
    cells: cells(() => '404'),
    note: 'public; an unknown one is 404 organisation.not_found',
  },
  {
    endpoint: 'GET /api/organisations/{id}/applicable-law',
    path: () => `/api/organisations/${randomUUID()}/applicable-law?federalFunds=true`,
    cells: cells(() => '404'),
    note: 'public: the law and why (level, federal funds)',
  },
  // Framework agreements (libs/frameworks): the registrar designates central purchasing bodies; a unit's buyer
  // establishes (refused unless its unit is one) and orders for its own unit; the order's supplier answers it
  {
    endpoint: 'POST /api/central-purchasing-bodies',
    path: () => '/api/central-purchasing-bodies',
    body: (ids) => ({ buyingUnitId: ids.otherUnitId }),
    cells: only('registrar'),
  },
  { endpoint: 'GET /api/central-purchasing-bodies', path: () => '/api/central-purchasing-bodies', cells: everyone() },
  {
    endpoint: 'POST /api/framework-agreements',
    path: () => '/api/framework-agreements',
    body: (ids) => ({
      centralBuyingUnitId: ids.unitId,
      tenderId: ids.tenderId,
      title: 'Convenio marco de papelería',
      validFrom: '2026-03-01T06:00:00Z',
      validTo: '2027-03-01T06:00:00Z',
      regions: ['09'],
      authorisedBuyingUnitIds: 'all',
      items: [],
      ceilings: [{ amount: '1000.00', currency: 'MXN' }],
    }),
    cells: only(BUYER),
    note: 'a unit that is not a central purchasing body: `framework.not_central_body`',
  },
  { endpoint: 'GET /api/framework-agreements', path: () => '/api/framework-agreements', cells: everyone() },
  { endpoint: 'GET /api/framework-catalogue', path: () => '/api/framework-catalogue?q=papel', cells: everyone() },
  { endpoint: 'GET /api/framework-orders', path: () => '/api/framework-orders', cells: everyone() },
  {
    endpoint: 'GET /api/framework-agreements/{id}',
    path: () => `/api/framework-agreements/${randomUUID()}`,
    cells: cells(() => '404'),
    note: 'public; an unknown agreement: `framework.not_found`',
  },
  {
    endpoint: 'POST /api/framework-agreements/{id}/orders',
    path: () => `/api/framework-agreements/${randomUUID()}/orders`,
    body: (ids) => ({
      buyingUnitId: ids.unitId,
      supplierId: ids.supplierA,
      lines: [{ itemId: 'papel', quantity: 1, unitPrice: { amount: '10.00', currency: 'MXN' } }],
    }),
    cells: { ...only(BUYER), [BUYER]: 'framework.not_found' },
    note: "for the buyer's own unit, if the agreement authorises it (here no such agreement)",
  },
  {
    endpoint: 'POST /api/framework-agreements/{id}/orders/{orderId}/accept',
    path: () => `/api/framework-agreements/${randomUUID()}/orders/${randomUUID()}/accept`,
    cells: { ...only(...SUPPLIERS), 'supplier A': 'framework.not_found', 'supplier B': 'framework.not_found' },
    note: 'only the supplier the order is addressed to (`framework.not_order_supplier`); here no such agreement',
  },
  {
    endpoint: 'POST /api/framework-agreements/{id}/orders/{orderId}/reject',
    path: () => `/api/framework-agreements/${randomUUID()}/orders/${randomUUID()}/reject`,
    body: () => reason,
    cells: { ...only(...SUPPLIERS), 'supplier A': 'framework.not_found', 'supplier B': 'framework.not_found' },
    note: 'with a reason; the amount returns to the ceiling; here no such agreement',
  },
  // Imported history (libs/history)
  {
    endpoint: 'GET /api/imports',
    path: () => '/api/imports',
    cells: only('registrar', 'auditor'),
    note: 'import runs with their counts',
  },
  {
    endpoint: 'GET /api/imports/parties',
    path: () => '/api/imports/parties?status=pending',
    cells: only('registrar', 'auditor'),
    note: 'the parties imports met, to review',
  },
  {
    endpoint: 'POST /api/imports/parties/{partyId}/review',
    path: () => `/api/imports/parties/${randomUUID()}/review`,
    body: () => ({ decision: 'unregistered' }),
    cells: cells((role) => (role === 'registrar' ? 'import.party_not_found' : role === 'anonymous' ? '401' : '403')),
    note: 'an unknown party: import.party_not_found',
  },
  {
    endpoint: 'GET /api/imports/{importId}/report.csv',
    path: () => `/api/imports/import-${randomUUID()}/report.csv`,
    cells: cells((role) =>
      role === 'registrar' || role === 'auditor' ? 'import.not_found' : role === 'anonymous' ? '401' : '403',
    ),
    note: 'the per-row report; an unknown run: import.not_found',
  },
  // Documents
  {
    endpoint: 'POST /api/documents',
    path: () => '/api/documents',
    cells: only(...SUPPLIERS, BUYER, 'buyer of another unit'),
    note: 'multipart/form-data; without a file: 400 document.no_file',
  },
  {
    endpoint: 'GET /api/documents/{id}',
    path: (ids) => `/api/documents/${ids.documentId}`,
    cells: cells((role) => (role === 'supplier A' ? 'ok' : '404')),
    note: 'supplier A’s upload: its party’s own',
  },
  {
    endpoint: 'GET /api/documents/{id}/content',
    path: (ids) => `/api/documents/${ids.documentId}/content`,
    cells: cells((role) => (role === 'supplier A' ? 'ok' : '404')),
    note: 'supplier A’s upload: its party’s own',
  },
  // Supplier register
  {
    endpoint: 'POST /api/suppliers',
    path: () => '/api/suppliers',
    body: () => aSupplierRegistration({ rfc: aUniqueRfc() }),
    cells: only('anonymous'),
    note: 'self-registration only: whoever registers chooses the password',
  },
  { endpoint: 'GET /api/suppliers', path: () => '/api/suppliers?limit=5', cells: everyone() },
  {
    endpoint: 'GET /api/suppliers/export',
    path: () => '/api/suppliers/export?format=csv',
    cells: everyone(),
    note: 'CSV or XLSX of the directory as the caller sees it (rate limited per IP)',
  },
  { endpoint: 'GET /api/suppliers/{id}', path: (ids) => `/api/suppliers/${ids.supplierA}`, cells: everyone() },
  {
    endpoint: 'PATCH /api/suppliers/{id}',
    path: (ids) => `/api/suppliers/${ids.supplierA}`,
    body: () => ({ size: 'medium' }),
    cells: only('supplier A'),
    note: "supplier A's own data",
  },
  {
    endpoint: 'GET /api/suppliers/{id}/history',
    path: (ids) => `/api/suppliers/${ids.supplierA}/history`,
    cells: cells((role) => (['supplier A', 'registrar', 'auditor'].includes(role) ? 'ok' : '404')),
    note: 'staff and the supplier itself',
  },
  {
    endpoint: 'POST /api/suppliers/{id}/documents',
    path: (ids) => `/api/suppliers/${ids.supplierA}/documents`,
    body: (ids) => ({ documents: [{ kind: 'otro', documentId: ids.documentId }] }),
    cells: only('supplier A'),
    note: 'its own uploads, while pending or rejected',
  },
  {
    endpoint: 'GET /api/suppliers/{id}/documents',
    path: (ids) => `/api/suppliers/${ids.supplierA}/documents`,
    cells: cells((role) => (['supplier A', 'registrar', 'auditor'].includes(role) ? 'ok' : '404')),
    note: 'personal data: staff and the supplier itself',
  },
  {
    endpoint: 'GET /api/suppliers/{id}/documents/{documentId}/content',
    path: (ids) => `/api/suppliers/${ids.supplierA}/documents/${ids.documentId}/content`,
    cells: cells((role) =>
      ['supplier A', 'registrar', 'auditor'].includes(role) ? 'supplier.document_not_found' : '404',
    ),
    note: 'staff and the supplier itself (supplier A attached none)',
  },
  {
    endpoint: 'POST /api/suppliers/{id}/verify',
    path: (ids) => `/api/suppliers/${ids.supplierC}/verify`,
    cells: only('registrar'),
  },
  ...(['reject', 'suspend', 'reinstate'] as const).map((action): HttpRow => ({
    endpoint: `POST /api/suppliers/{id}/${action}`,
    path: (ids) => `/api/suppliers/${ids.supplierC}/${action}`,
    body: () => reason,
    cells: only('registrar'),
  })),
  {
    endpoint: 'POST /api/suppliers/{id}/sanctions',
    path: (ids) => `/api/suppliers/${ids.supplierC}/sanctions`,
    body: (ids) => ({
      sanctionId: ids.sanctionId,
      startsAt: TENDERING,
      endsAt: at(TENDERING, 365 * DAY),
      reason: 'No firmó el contrato',
      resolutionNumber: 'SFP/1/2026',
    }),
    cells: only('auditor'),
  },
  {
    endpoint: 'POST /api/suppliers/{id}/sanctions/{sanctionId}/lift',
    path: (ids) => `/api/suppliers/${ids.supplierC}/sanctions/${ids.sanctionId}/lift`,
    body: () => reason,
    cells: only('auditor'),
  },
  { endpoint: 'GET /api/sanctions', path: () => '/api/sanctions?current=true', cells: everyone() },
  {
    endpoint: 'GET /api/sanctions/export',
    path: () => '/api/sanctions/export?format=csv&current=true',
    cells: everyone(),
    note: 'CSV or XLSX of the sanctions directory (rate limited per IP)',
  },
  // Classifier
  { endpoint: 'GET /api/classifier', path: () => '/api/classifier?q=computadora&limit=5', cells: everyone() },
  { endpoint: 'GET /api/classifier/schemes', path: () => '/api/classifier/schemes', cells: everyone() },
  { endpoint: 'GET /api/classifier/{code}', path: () => '/api/classifier/30213100-6', cells: everyone() },
  // Tenders: the buyer's side
  {
    endpoint: 'POST /api/tenders',
    path: () => '/api/tenders',
    body: (ids) => aTender(ids.unitId, at(TENDERING, DAY)),
    cells: only(BUYER),
    note: 'a draft for the unit',
  },
  {
    endpoint: 'GET /api/tenders',
    path: () => '/api/tenders?status=draft',
    cells: only(BUYER, 'buyer of another unit'),
    note: "the caller's unit's tenders, drafts included",
  },
  { endpoint: 'GET /api/time', path: () => '/api/time', cells: everyone(), note: "the server's clock" },
  {
    endpoint: 'PATCH /api/tenders/{id}',
    path: (ids) => `/api/tenders/${ids.draftId}`,
    body: () => ({ title: 'Adquisición de equipo de cómputo (revisada)' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'GET /api/tenders/{id} (a draft)',
    path: (ids) => `/api/tenders/${ids.draftId}`,
    cells: cells((role) => (role === BUYER ? 'ok' : '404')),
    note: 'a draft is its unit’s own',
  },
  {
    endpoint: 'GET /api/tenders/{id}',
    path: (ids) => `/api/tenders/${ids.tenderId}`,
    cells: everyone(),
    note: 'published: public, proposals sealed',
  },
  {
    endpoint: 'POST /api/tenders/{id}/publish',
    path: (ids) => `/api/tenders/${ids.draftId}/publish`,
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/questions/{questionId}/answer',
    path: (ids) => `/api/tenders/${ids.tenderId}/questions/${ids.questionId}/answer`,
    body: () => ({ answer: 'Sí.' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/clarification-minutes',
    path: (ids) => `/api/tenders/${ids.tenderId}/clarification-minutes`,
    body: () => ({ heldAt: at(P, DAY), summary: 'Se respondieron las preguntas recibidas.' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/amendments',
    path: (ids) => `/api/tenders/${ids.tenderId}/amendments`,
    body: () => ({
      changes: { description: 'Equipo de cómputo para las unidades médicas y administrativas.' },
      reason: 'Aclaración del alcance',
    }),
    cells: only(BUYER),
  },
  { endpoint: 'POST /api/tenders/{id}/open', path: (ids) => `/api/tenders/${ids.tenderId}/open`, cells: only(BUYER) },
  {
    endpoint: 'POST /api/tenders/{id}/evaluations',
    path: (ids) => `/api/tenders/${ids.tenderId}/evaluations`,
    body: (ids) => ({ proposalId: ids.proposalId, lotId: 'lot-1', compliant: true }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/evaluations/complete',
    path: (ids) => `/api/tenders/${ids.tenderId}/evaluations/complete`,
    cells: only(BUYER),
  },
  { endpoint: 'POST /api/tenders/{id}/award', path: (ids) => `/api/tenders/${ids.tenderId}/award`, cells: only(BUYER) },
  {
    endpoint: 'POST /api/tenders/{id}/direct-award',
    path: (ids) => `/api/tenders/${ids.directTenderId}/direct-award`,
    body: () => ({ lots: [{ lotId: 'lot-1', amount: 26_000_000 }] }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/lots/{lotId}/auction',
    path: (ids) => `/api/tenders/${ids.tenderId}/lots/lot-1/auction`,
    body: () => ({
      startsAt: at(TENDERING, 40 * DAY),
      durationSeconds: 600,
      minimumDecrement: { kind: 'percent', basisPoints: 50 },
      antiSniping: null,
    }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/tenders/{id}/cancel',
    path: (ids) => `/api/tenders/${ids.draftId}/cancel`,
    body: () => reason,
    cells: only(BUYER),
  },
  // Tenders: the suppliers' side
  {
    endpoint: 'POST /api/tenders/{id}/questions',
    path: (ids) => `/api/tenders/${ids.tenderId}/questions`,
    body: () => ({ text: '¿Puede entregarse en dos partes?' }),
    cells: only(...SUPPLIERS),
  },
  {
    endpoint: 'POST /api/tenders/{id}/proposals',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposals`,
    body: () => aProposal(laptopsAt(2_450_000)),
    cells: only(...SUPPLIERS),
  },
  {
    endpoint: 'PUT /api/tenders/{id}/proposals/{proposalId}',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposals/${ids.proposalId}`,
    body: () => aProposal(laptopsAt(2_390_000)),
    cells: { ...only('supplier A'), 'supplier B': 'proposal.not_owner' },
    note: "supplier A's proposal",
  },
  {
    endpoint: 'DELETE /api/tenders/{id}/proposals/{proposalId}',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposals/${ids.proposalId}`,
    cells: { ...only('supplier A'), 'supplier B': 'proposal.not_owner' },
    note: "supplier A's proposal (withdrawn by A)",
  },
  {
    endpoint: 'POST /api/tenders/{id}/proposal-files',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposal-files`,
    cells: only(...SUPPLIERS),
    note: 'multipart/form-data, sealed as it arrives; without a file: 400 document.no_file',
  },
  {
    endpoint: 'GET /api/tenders/{id}/proposals/{proposalId}/documents/{documentId}/content',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposals/${ids.proposalId}/documents/${ids.documentId}/content`,
    cells: {
      ...only('supplier A'),
      'supplier A': '404',
      [BUYER]: 'proposal.still_sealed',
      auditor: 'proposal.still_sealed',
    },
    note: "supplier A's proposal before the opening act: its own files only (this id is a plain upload, not one of them)",
  },
  {
    endpoint: 'GET /api/tenders/{id}/proposals/mine',
    path: (ids) => `/api/tenders/${ids.tenderId}/proposals/mine`,
    cells: only(...SUPPLIERS),
    note: 'only the caller’s own, decrypted',
  },
  {
    endpoint: 'GET /api/me/procedures',
    path: () => '/api/me/procedures',
    cells: only(...SUPPLIERS),
    note: 'the caller’s own procedures and proposals’ states',
  },
  // Quick quotations (libs/quotations)
  {
    endpoint: 'POST /api/quotation-requests',
    path: () => '/api/quotation-requests',
    body: (ids) => ({
      buyingUnitId: ids.unitId,
      law: 'LAASSP',
      title: 'Tóner',
      classifierCode: '30125100-2',
      quantity: 1,
      unit: 'pieza',
      estimatedValue: { amount: 100_000, currency: 'MXN' },
      audience: { kind: 'classifier' },
      deadline: at(TENDERING, DAY),
    }),
    cells: only(BUYER),
    note: 'a request for quotations of the unit',
  },
  { endpoint: 'GET /api/quotation-requests', path: () => '/api/quotation-requests', cells: everyone() },
  {
    endpoint: 'GET /api/quotation-requests/{id}',
    path: (ids) => `/api/quotation-requests/${ids.rfqId}`,
    cells: everyone(),
    note: 'no amount or quoting supplier before the deadline',
  },
  {
    endpoint: 'POST /api/quotation-requests/{id}/quotations',
    path: (ids) => `/api/quotation-requests/${ids.rfqId}/quotations`,
    body: () => ({ amount: { amount: 4_900_000, currency: 'MXN' } }),
    cells: only(...SUPPLIERS),
    note: 'sealed; suppliers of the code or invited',
  },
  {
    endpoint: 'POST /api/quotation-requests/{id}/open',
    path: (ids) => `/api/quotation-requests/${ids.rfqId}/open`,
    cells: only(BUYER),
    note: 'at or after the deadline (else 409 quotation.still_sealed)',
  },
  {
    endpoint: 'POST /api/quotation-requests/{id}/quotations/{quotationId}/non-compliant',
    path: (ids) => `/api/quotation-requests/${ids.rfqId}/quotations/none/non-compliant`,
    body: () => reason,
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/quotation-requests/{id}/order',
    path: (ids) => `/api/quotation-requests/${ids.rfqId}/order`,
    cells: only(BUYER),
  },
  {
    endpoint: 'GET /api/me/quotation-requests',
    path: () => '/api/me/quotation-requests',
    cells: only(...SUPPLIERS),
    note: 'requests for the caller’s codes or inviting it, with its own receipt',
  },
  {
    endpoint: 'GET /api/tenders/{id}/sealed-proposals',
    path: (ids) => `/api/tenders/${ids.tenderId}/sealed-proposals`,
    cells: only('auditor'),
    note: 'sealed metadata (commitments, sizes, times), never contents',
  },
  {
    endpoint: 'POST /api/tenders/{id}/challenges',
    path: (ids) => `/api/tenders/${ids.tenderId}/challenges`,
    body: () => ({ lotId: 'lot-1', grounds: 'La evaluación omitió nuestra garantía.' }),
    cells: only(...SUPPLIERS),
  },
  {
    endpoint: 'POST /api/tenders/{id}/challenges/{challengeId}/resolution',
    path: (ids) => `/api/tenders/${ids.tenderId}/challenges/${randomUUID()}/resolution`,
    body: () => ({ upheld: false, reason: 'Infundada' }),
    cells: only('auditor'),
  },
  // Contracts
  {
    endpoint: 'POST /api/contracts',
    path: () => '/api/contracts',
    body: (ids) => ({
      tenderId: ids.directTenderId,
      lotId: 'lot-1',
      startDate: at(P, 2 * DAY),
      endDate: at(P, 90 * DAY),
    }),
    cells: only(BUYER),
  },
  { endpoint: 'GET /api/contracts/{id}', path: (ids) => `/api/contracts/${ids.contractId}`, cells: everyone() },
  {
    endpoint: 'POST /api/contracts/{id}/amendments',
    path: (ids) => `/api/contracts/${ids.contractId}/amendments`,
    body: () => ({ amount: 26_500_000, reason: 'Ampliación' }),
    cells: only(BUYER),
  },
  // Contract execution: the unit's buyers record; the contract's supplier (A) registers its invoices
  {
    endpoint: 'GET /api/contracts/{id}/execution',
    path: (ids) => `/api/contracts/${ids.contractId}/execution`,
    cells: everyone(),
    note: 'no CFDI XML',
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/deliveries',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/deliveries`,
    body: () => ({ deliveryId: 'D1', itemId: 'item-1', quantity: 1, place: 'Almacén', dueDate: '2026-12-01' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/deliveries/{deliveryId}/receipts',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/deliveries/D1/receipts`,
    body: () => ({ receiptId: 'R1', quantity: 1, outcome: 'accepted', receivedAt: at(P, DAY) }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/invoices',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/invoices`,
    body: () => ({
      invoiceId: 'F1',
      cfdiUuid: '6f1b2c3d-1234-4abc-9def-0123456789ab',
      folio: 'A-1',
      amount: 100,
      issuedAt: at(P, DAY),
    }),
    cells: only('supplier A'),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/invoices/{invoiceId}/review',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/invoices/F1/review`,
    body: () => ({ decision: 'accepted' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/payments',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/payments`,
    body: () => ({ paymentId: 'P1', invoiceId: 'F1', amount: 100, paidAt: at(P, DAY) }),
    cells: only(BUYER),
  },
  {
    endpoint: 'PUT /api/contracts/{id}/execution/penalty-cap',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/penalty-cap`,
    body: () => ({ cap: 1_000_000, reason: 'Cláusula décima' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/penalties',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/penalties`,
    body: () => ({ penaltyId: 'X1', deliveryId: 'D1', amount: 100, reason: 'Atraso' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/guarantees',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/guarantees`,
    body: () => ({ guaranteeId: 'G1', amount: 100, issuer: 'Afianzadora', policyNumber: 'F-1' }),
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/execution/guarantees/{guaranteeId}/release',
    path: (ids) => `/api/contracts/${ids.contractId}/execution/guarantees/G1/release`,
    body: () => reason,
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/complete',
    path: (ids) => `/api/contracts/${ids.contractId}/complete`,
    cells: only(BUYER),
  },
  {
    endpoint: 'POST /api/contracts/{id}/terminate',
    path: (ids) => `/api/contracts/${ids.contractId}/terminate`,
    body: () => ({ kind: 'early_termination', reason: 'Razones de interés general' }),
    cells: only(BUYER),
  },
  // Auctions (the live protocol is Socket.IO, below)
  { endpoint: 'GET /api/auctions/{id}', path: (ids) => `/api/auctions/${ids.auctionId}`, cells: everyone() },
  { endpoint: 'GET /api/auctions/{id}/bids', path: (ids) => `/api/auctions/${ids.auctionId}/bids`, cells: everyone() },
  {
    endpoint: 'GET /api/auctions/{id}/watchers',
    path: (ids) => `/api/auctions/${ids.auctionId}/watchers`,
    cells: everyone(),
  },
  // Signed acts: public once held (the world's tender is not opened yet, its auction still runs)
  {
    endpoint: 'GET /api/tenders/{id}/acts/opening.pdf',
    path: (ids) => `/api/tenders/${ids.tenderId}/acts/opening.pdf`,
    cells: cells(() => 'act.not_yet_held'),
    note: 'public once the proposals are opened; 409 before',
  },
  {
    endpoint: 'GET /api/tenders/{id}/acts/ruling.pdf',
    path: (ids) => `/api/tenders/${ids.tenderId}/acts/ruling.pdf`,
    cells: cells(() => 'act.not_yet_held'),
    note: 'public once every lot is awarded or deserted; 409 before',
  },
  {
    endpoint: 'GET /api/auctions/{id}/result.pdf',
    path: (ids) => `/api/auctions/${ids.auctionId}/result.pdf`,
    cells: cells(() => 'act.not_yet_held'),
    note: 'public once the auction has closed; 409 before',
  },
  {
    endpoint: 'POST /api/acts/verify',
    path: () => '/api/acts/verify',
    cells: everyone(),
    note: 'the PDF as application/pdf; anything else: 415 act.unsupported_media_type',
  },
  // Public ledger
  { endpoint: 'GET /api/ledger/key', path: () => '/api/ledger/key', cells: everyone() },
  { endpoint: 'GET /api/ledger/checkpoints', path: () => '/api/ledger/checkpoints', cells: everyone() },
  { endpoint: 'GET /api/ledger/proof', path: () => '/api/ledger/proof?position=1', cells: everyone() },
  { endpoint: 'GET /api/ledger/consistency', path: () => '/api/ledger/consistency?from=1&to=1', cells: everyone() },
  { endpoint: 'GET /api/ledger/export', path: () => '/api/ledger/export?limit=5', cells: everyone() },
  {
    endpoint: 'GET /api/ledger/events',
    path: (ids) => `/api/ledger/events?stream=tender-${ids.tenderId}`,
    cells: everyone(),
  },
  // Open data and transparency
  { endpoint: 'GET /api/ocds/releases', path: () => '/api/ocds/releases?limit=5', cells: everyone() },
  {
    endpoint: 'GET /api/ocds/releases/{id}',
    path: () => `/api/ocds/releases/${randomUUID()}`,
    cells: cells(() => '404'),
  },
  {
    endpoint: 'GET /api/ocds/records/{ocid}',
    path: (ids) => `/api/ocds/records/ocds-licita-${ids.tenderId}`,
    cells: everyone(),
  },
  { endpoint: 'GET /api/ocds/download', path: () => '/api/ocds/download?format=json', cells: everyone() },
  { endpoint: 'GET /api/bulk', path: () => '/api/bulk', cells: everyone() },
  { endpoint: 'GET /api/bulk/dictionary', path: () => '/api/bulk/dictionary', cells: everyone() },
  {
    endpoint: 'GET /api/bulk/csv/{file}',
    path: () => `/api/bulk/csv/${TENDERING.slice(0, 4)}.zip`,
    cells: everyone(),
  },
  {
    endpoint: 'GET /api/bulk/csv/{period}/{file}',
    path: () => `/api/bulk/csv/${TENDERING.slice(0, 4)}/items.csv`,
    cells: everyone(),
  },
  { endpoint: 'GET /api/transparency/tenders', path: () => '/api/transparency/tenders?limit=5', cells: everyone() },
  {
    endpoint: 'GET /api/transparency/tenders/export',
    path: () => '/api/transparency/tenders/export?format=csv&status=awarded',
    cells: everyone(),
    note: 'CSV or XLSX of a search (rate limited per IP)',
  },
  {
    endpoint: 'GET /api/transparency/suppliers/{id}/awards/export',
    path: (ids) => `/api/transparency/suppliers/${ids.supplierA}/awards/export?format=csv`,
    cells: everyone(),
    note: "CSV or XLSX of the profile's awards (rate limited per IP)",
  },
  {
    endpoint: 'GET /api/transparency/suppliers/{id}/contracts/export',
    path: (ids) => `/api/transparency/suppliers/${ids.supplierA}/contracts/export?format=csv`,
    cells: everyone(),
    note: "CSV or XLSX of the profile's contracts (rate limited per IP)",
  },
  {
    endpoint: 'GET /api/transparency/buying-units/{id}/awards/export',
    path: (ids) => `/api/transparency/buying-units/${ids.unitId}/awards/export?format=csv`,
    cells: everyone(),
    note: "CSV or XLSX of the profile's awards (rate limited per IP)",
  },
  {
    endpoint: 'GET /api/transparency/buying-units/{id}/contracts/export',
    path: (ids) => `/api/transparency/buying-units/${ids.unitId}/contracts/export?format=csv`,
    cells: everyone(),
    note: "CSV or XLSX of the profile's contracts (rate limited per IP)",
  },
  {
    endpoint: 'GET /api/transparency/tenders/{id}',
    path: (ids) => `/api/transparency/tenders/${ids.tenderId}`,
    cells: everyone(),
  },
  {
    endpoint: 'GET /api/transparency/suppliers/{id}',
    path: (ids) => `/api/transparency/suppliers/${ids.supplierA}`,
    cells: everyone(),
  },
  {
    endpoint: 'GET /api/transparency/buying-units/{id}',
    path: (ids) => `/api/transparency/buying-units/${ids.unitId}`,
    cells: everyone(),
  },
  { endpoint: 'GET /api/transparency/statistics', path: () => '/api/transparency/statistics', cells: everyone() },
  {
    endpoint: 'GET /api/transparency/statistics/export',
    path: () => '/api/transparency/statistics/export?table=byMonth',
    cells: everyone(),
    note: 'CSV or XLSX of one statistics table (rate limited per IP)',
  },
  { endpoint: 'GET /api/transparency/red-flags', path: () => '/api/transparency/red-flags', cells: everyone() },
  {
    endpoint: 'GET /api/transparency/red-flags/export',
    path: () => '/api/transparency/red-flags/export',
    cells: everyone(),
    note: 'CSV or XLSX of the red-flags report per unit (rate limited per IP)',
  },
  {
    endpoint: 'GET /api/transparency/execution/statistics',
    path: () => '/api/transparency/execution/statistics',
    cells: everyone(),
    note: 'late deliveries and payments per unit, year and currency, as of now',
  },
  {
    endpoint: 'GET /api/transparency/execution/export',
    path: () => '/api/transparency/execution/export?table=payments',
    cells: everyone(),
    note: 'CSV or XLSX of the deliveries or the invoices and payments with their flags (rate limited per IP)',
  },
  { endpoint: 'GET /api/feed', path: () => '/api/feed?limit=5', cells: everyone() },
  // Feeds and calendars (libs/transparency/feeds)
  { endpoint: 'GET /api/feeds/tenders.atom', path: () => '/api/feeds/tenders.atom?q=papel', cells: everyone() },
  {
    endpoint: 'GET /api/feeds/tenders/{id}.atom',
    path: (ids) => `/api/feeds/tenders/${ids.tenderId}.atom`,
    cells: everyone(),
  },
  { endpoint: 'GET /api/calendar', path: () => '/api/calendar', cells: everyone() },
  { endpoint: 'GET /api/calendar.ics', path: () => '/api/calendar.ics', cells: everyone() },
  {
    endpoint: 'POST /api/calendar/desk-feed',
    path: () => '/api/calendar/desk-feed',
    body: () => ({}),
    cells: only(...SUPPLIERS, BUYER, 'buyer of another unit'),
    note: "the account's own desk calendar address (a new one revokes the one before)",
  },
  {
    endpoint: 'GET /api/calendar/desks/{token}.ics',
    path: (ids) => `/api/calendar/desks/${ids.tenderId}.forged.signature.ics`,
    cells: cells(() => 'calendar.feed_revoked'),
    note: 'no login: the secret address is the credential; a forged or replaced one is refused',
  },
  // Alerts: every account subscribes for itself; the links of the e-mails need no login (a signed token)
  {
    endpoint: 'POST /api/followers',
    path: () => '/api/followers',
    body: () => ({ email: `${randomUUID()}@lectores.example.mx`, password: PASSWORD }),
    cells: only('anonymous'),
    note: 'a follower signs up by itself',
  },
  { endpoint: 'GET /api/alerts/me', path: () => '/api/alerts/me', cells: accounts() },
  {
    endpoint: 'POST /api/alerts/searches',
    path: () => '/api/alerts/searches',
    body: () => ({ name: 'Cómputo', filters: { q: 'computo' } }),
    cells: accounts(),
  },
  {
    endpoint: 'DELETE /api/alerts/searches/{searchId}',
    path: () => `/api/alerts/searches/${randomUUID()}`,
    cells: cells((role) => (role === 'anonymous' ? '401' : '404')),
    note: 'its own saved searches only',
  },
  {
    endpoint: 'POST /api/alerts/follows',
    path: () => '/api/alerts/follows',
    body: (ids) => ({ kind: 'procedure', id: ids.tenderId }),
    cells: accounts(),
  },
  {
    endpoint: 'DELETE /api/alerts/follows/{kind}/{id}',
    path: (ids) => `/api/alerts/follows/procedure/${ids.tenderId}`,
    cells: accounts(),
  },
  {
    endpoint: 'PUT /api/alerts/preferences',
    path: () => '/api/alerts/preferences',
    body: () => ({ delivery: 'daily' }),
    cells: accounts(),
  },
  { endpoint: 'POST /api/alerts/confirmation', path: () => '/api/alerts/confirmation', cells: accounts() },
  {
    endpoint: 'POST /api/alerts/confirm',
    path: () => '/api/alerts/confirm',
    body: () => ({ token: 'not.signed' }),
    cells: everyone(),
    note: 'the signed link is the credential',
  },
  {
    endpoint: 'GET /api/alerts/unsubscribe',
    path: () => '/api/alerts/unsubscribe?token=not.signed',
    cells: cells(() => 'alerts.invalid_link'),
    note: 'a page that asks to confirm; a forged link: 422',
  },
  {
    endpoint: 'POST /api/alerts/unsubscribe',
    path: () => '/api/alerts/unsubscribe?token=not.signed',
    cells: everyone(),
    note: 'one click (RFC 8058), no login',
  },
  // Market research (libs/market-research): an unknown research, so the rows show who gets past authorization
  {
    endpoint: 'POST /api/market-research',
    path: () => '/api/market-research',
    body: (ids) => ({
      buyingUnitId: ids.unitId,
      title: 'Precios de referencia',
      items: [{ classifierCode: '45210000-2', description: 'Obra', quantity: 1, unit: 'obra' }],
      deadline: at(TENDERING, 7 * DAY),
    }),
    cells: only(BUYER),
    note: "for the buyer's own unit (the unit's buyers only)",
  },
  {
    endpoint: 'GET /api/market-research',
    path: () => '/api/market-research',
    cells: only(...SUPPLIERS, BUYER, 'buyer of another unit', 'auditor'),
    note: "a buyer: its unit's; a supplier: those sent to it; the auditor: all",
  },
  {
    endpoint: 'GET /api/market-research/{id}',
    path: () => `/api/market-research/${randomUUID()}`,
    cells: cells((role) => (role === 'anonymous' ? '401' : role === 'registrar' ? '403' : '404')),
    note: 'also 404 to a buyer of another unit and a supplier it was not sent to',
  },
  {
    endpoint: 'PUT /api/market-research/{id}/answer',
    path: () => `/api/market-research/${randomUUID()}/answer`,
    body: () => ({ prices: [{ itemId: 'item-1', unitPrice: { amount: 100, currency: 'MXN' } }] }),
    cells: cells((role) => (role === 'anonymous' ? '401' : SUPPLIERS.includes(role) ? '404' : '403')),
    note: 'a supplier it was not sent to: `market_research.not_addressed`',
  },
  {
    endpoint: 'POST /api/market-research/{id}/attach',
    path: () => `/api/market-research/${randomUUID()}/attach`,
    body: (ids) => ({ tenderId: ids.draftId }),
    cells: cells((role) =>
      role === 'anonymous' ? '401' : role === BUYER || role === 'buyer of another unit' ? '404' : '403',
    ),
    note: "a buyer of another unit than the research's: 403",
  },
  {
    endpoint: 'GET /api/tenders/{id}/market-research',
    path: (ids) => `/api/tenders/${ids.tenderId}/market-research`,
    cells: cells(() => '404'),
    note: 'public: the statistics alone, once attached and the tender published',
  },
  // Annual procurement plans (libs/planning): the unit's buyers write them, everyone reads them
  {
    endpoint: 'PUT /api/plans/{unitId}/{year}',
    path: (ids) => `/api/plans/${ids.unitId}/2026`,
    body: () => ({
      lines: [
        {
          lineId: 'L1',
          classifierCode: '21100001',
          description: 'Papelería',
          estimate: { amount: 10_000_00, currency: 'MXN' },
          quarter: 2,
          procedureType: 'public_tender',
        },
      ],
      reason: 'Primera versión',
    }),
    cells: only(BUYER),
    note: 'publishes or revises the unit’s plan for the year',
  },
  {
    endpoint: 'POST /api/plans/{unitId}/{year}/lines/{lineId}/link',
    path: (ids) => `/api/plans/${ids.unitId}/2026/lines/L1/link`,
    body: (ids) => ({ tenderId: ids.tenderId }),
    cells: only(BUYER),
    note: 'a procedure of the same unit and year executes the line',
  },
  { endpoint: 'GET /api/plans', path: (ids) => `/api/plans?buyingUnitId=${ids.unitId}`, cells: everyone() },
  { endpoint: 'GET /api/plans/summary', path: () => '/api/plans/summary?fiscalYear=2026', cells: everyone() },
  { endpoint: 'GET /api/plans/{unitId}/{year}', path: (ids) => `/api/plans/${ids.unitId}/2026`, cells: everyone() },
  {
    endpoint: 'GET /api/plans/{unitId}/{year}/revisions/{revision}',
    path: (ids) => `/api/plans/${ids.unitId}/2026/revisions/1`,
    cells: everyone(),
  },
  // Works logs (libs/works-log): a buyer of the contract's unit opens and closes; the resident and the superintendent
  // the opening names write; everyone reads. The world's contract is for goods, so it has no log.
  {
    endpoint: 'POST /api/works-logs/{contractId}',
    path: (ids) => `/api/works-logs/${ids.contractId}`,
    body: () => ({ residentAccountId: randomUUID(), superintendentAccountId: randomUUID(), text: 'Apertura' }),
    cells: only(BUYER),
    note: 'a works contract only: else 422 `works_log.not_works_contract`',
  },
  {
    endpoint: 'POST /api/works-logs/{contractId}/notes',
    path: (ids) => `/api/works-logs/${ids.contractId}/notes`,
    body: () => ({ kind: 'note', text: 'Nota' }),
    cells: cells((role) =>
      role === 'anonymous' ? '401' : role.startsWith('buyer') || role.startsWith('supplier') ? '404' : '403',
    ),
    note: 'then only the resident and the superintendent the log names: 403 `works_log.not_party`',
  },
  {
    endpoint: 'POST /api/works-logs/{contractId}/close',
    path: (ids) => `/api/works-logs/${ids.contractId}/close`,
    body: () => ({ text: 'Cierre' }),
    cells: cells((role) => (role === 'anonymous' ? '401' : role.startsWith('buyer') ? '404' : '403')),
    note: 'then only the resident the log names',
  },
  {
    endpoint: 'GET /api/works-logs/{contractId}',
    path: (ids) => `/api/works-logs/${ids.contractId}`,
    cells: cells(() => '404'),
    note: "public; a private note's contents only to the contract's unit, its supplier and auditors",
  },
  {
    endpoint: 'GET /api/works-logs/{contractId}/attachments/{documentId}/content',
    path: (ids) => `/api/works-logs/${ids.contractId}/attachments/${randomUUID()}/content`,
    cells: cells(() => '404'),
    note: "whoever sees the note's contents",
  },
  // Operations
  { endpoint: 'GET /health', path: () => '/health', cells: everyone() },
  { endpoint: 'GET /health/ready', path: () => '/health/ready', cells: everyone() },
];

export const SOCKET_TABLE: SocketRow[] = [
  { event: 'connect', cells: everyone(), note: 'the handshake, with the same access token as HTTP (none: the public)' },
  {
    event: 'auction.join',
    payload: (ids) => ({ auctionId: ids.auctionId }),
    cells: everyone(),
    note: 'watch: snapshot, then every event',
  },
  { event: 'auction.leave', payload: (ids) => ({ auctionId: ids.auctionId }), cells: everyone() },
  {
    event: 'bid.place',
    payload: (ids) => ({ auctionId: ids.auctionId, amount: 25_000_000, clientBidId: randomUUID() }),
    cells: { ...only(...SUPPLIERS), 'supplier B': 'auction.not_participant' },
    note: 'supplier A is the participant; not running yet: `auction.not_running`',
  },
];

/** The table as markdown: the README's block between the access-table markers. */
export function renderAccessTable(): string {
  const show = (cell: Cell) =>
    cell === 'ok'
      ? '✓'
      : cell === '401'
        ? '401 log in'
        : cell === '403'
          ? '403'
          : cell === '404'
            ? '404'
            : `\`${cell}\``;
  const header = `| endpoint | ${ROLES.join(' | ')} | note |\n|---|${ROLES.map(() => ':-:').join('|')}|---|`;
  const line = (name: string, row: { cells: Cells; note?: string }) =>
    `| ${name} | ${ROLES.map((role) => show(row.cells[role])).join(' | ')} | ${row.note ?? ''} |`;
  return [
    'Generated from `test/security/access-table.ts` by `test/security/access-matrix.e2e-spec.ts`, which sends every',
    'request below as every role and checks the answer (regenerate with `UPDATE_ACCESS_TABLE=1 npx jest test/security/access-matrix`).',
    '',
    '✓ allowed (a command passes authorization and may still be refused for its content or state); `401 log in`:',
    '`auth.unauthenticated`; `403`: `auth.forbidden`; `404`: not found for this caller; a code: that refusal.',
    'Buyers act on their own unit’s tenders and contracts; suppliers for themselves. Every answer is',
    '`application/problem+json` with the code.',
    '',
    '#### HTTP',
    '',
    header,
    ...HTTP_TABLE.map((row) => line(`\`${row.endpoint}\``, row)),
    '',
    '#### Socket.IO (namespace `/auctions`)',
    '',
    header.replace('| endpoint |', '| event |'),
    ...SOCKET_TABLE.map((row) => line(`\`${row.event}\``, row)),
    '',
  ].join('\n');
}
