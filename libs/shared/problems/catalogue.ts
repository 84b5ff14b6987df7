/**
 * Every problem code the system answers (HTTP problem+json `code`, Socket.IO acknowledgements), with its HTTP
 * status and what it means for people, in Spanish (es-MX, the default) and English. Plain data: the API's
 * problem filter, the OpenAPI document, the README table and the web front end all read it from here.
 *
 * Codes are `<area>.<reason>`. Adding a code: add its entry here (the tests fail for a code thrown anywhere in
 * libs/ or apps/ that is missing), then `npm run docs:problem-codes` to refresh the README table.
 * Messages may name parameters (`{name}`), filled from the problem's `details`.
 */
export interface ProblemCodeEntry {
  /** The HTTP status the code answers with. */
  status: number;
  /** Other statuses the same code answers with in some places (kept for the clients that rely on them). */
  alsoStatus?: readonly number[];
  es: string;
  en: string;
  /** A code kept for existing clients; new code answers the code named here instead. */
  replacedBy?: string;
  /** When or how the code is answered, for the README. */
  note?: string;
}

export const PROBLEM_CATALOGUE = {
  'account.already_exists': {
    status: 409,
    es: 'Ya existe una cuenta con ese identificador.',
    en: 'An account with that id already exists.',
  },
  'account.binding_not_found': {
    status: 422,
    es: 'El proveedor o la unidad compradora de la cuenta no existe.',
    en: 'The supplier or buying unit of the account does not exist.',
  },
  'account.disabled': { status: 409, es: 'La cuenta está desactivada.', en: 'The account is disabled.' },
  'account.email_taken': {
    status: 409,
    es: 'Ya hay una cuenta con ese correo electrónico.',
    en: 'There is already an account with that email.',
  },
  'account.invalid_binding': {
    status: 422,
    es: 'La cuenta no está ligada a lo que su rol pide (un proveedor o una unidad compradora).',
    en: 'The account is not linked to what its role needs (a supplier or a buying unit).',
  },
  'account.invalid_email': {
    status: 422,
    es: 'El correo electrónico no es válido.',
    en: 'The email address is not valid.',
  },
  'account.invalid_password_hash': {
    status: 422,
    es: 'La contraseña guardada no tiene un formato válido.',
    en: 'The stored password is not in a valid format.',
  },
  'account.invalid_role': { status: 422, es: 'Ese rol no existe.', en: 'That role does not exist.' },
  'account.not_found': { status: 404, es: 'No encontramos esa cuenta.', en: 'We could not find that account.' },
  'account.reason_required': { status: 422, es: 'Indica el motivo.', en: 'Please give a reason.' },
  'account.weak_password': {
    status: 422,
    es: 'La contraseña es demasiado débil: usa una más larga y difícil de adivinar.',
    en: 'The password is too weak: use a longer one that is hard to guess.',
  },
  'account.wrong_password': {
    status: 403,
    es: 'La contraseña actual no es correcta.',
    en: 'The current password is not right.',
  },
  'as_of.invalid': {
    status: 422,
    es: 'La fecha de consulta debe ser una fecha y hora ISO 8601 con zona horaria.',
    en: 'The as-of date must be an ISO 8601 date and time with its time zone.',
  },
  'auction.already_closed': { status: 409, es: 'La subasta ya cerró.', en: 'The auction has already closed.' },
  'auction.already_scheduled': {
    status: 409,
    es: 'La subasta ya está programada.',
    en: 'The auction is already scheduled.',
  },
  'auction.duplicate_participant': {
    status: 422,
    es: 'Un participante aparece dos veces en la subasta.',
    en: 'A participant appears twice in the auction.',
  },
  'auction.invalid_anti_sniping': {
    status: 422,
    es: 'La regla de extensión de la subasta no es válida.',
    en: 'The auction extension rule is not valid.',
  },
  'auction.invalid_currency': {
    status: 422,
    es: 'La moneda de la subasta no es válida.',
    en: 'The auction currency is not valid.',
  },
  'auction.invalid_decrement': {
    status: 422,
    es: 'El decremento mínimo de la subasta no es válido.',
    en: 'The minimum decrement of the auction is not valid.',
  },
  'auction.invalid_floor': {
    status: 422,
    es: 'El precio mínimo de la subasta no es válido.',
    en: 'The floor price of the auction is not valid.',
  },
  'auction.invalid_opening_price': {
    status: 422,
    es: 'El precio de apertura no es válido.',
    en: 'The opening price is not valid.',
  },
  'auction.invalid_participant': {
    status: 422,
    es: 'Un participante de la subasta no es válido.',
    en: 'An auction participant is not valid.',
  },
  'auction.invalid_request': {
    status: 422,
    es: 'La solicitud a la subasta está incompleta o mal formada.',
    en: 'The request to the auction is incomplete or malformed.',
  },
  'auction.invalid_schedule': {
    status: 422,
    es: 'Las fechas de la subasta no son válidas.',
    en: 'The auction dates are not valid.',
  },
  'auction.invalid_sequence': {
    status: 422,
    es: 'La secuencia de la subasta no es válida.',
    en: 'The auction sequence is not valid.',
  },
  'auction.lot_not_in_auction': {
    status: 409,
    es: 'Esa partida no está en la subasta.',
    en: 'That lot is not in the auction.',
  },
  'auction.not_ended': { status: 409, es: 'La subasta todavía no termina.', en: 'The auction has not ended yet.' },
  'auction.not_enough_participants': {
    status: 422,
    es: 'No hay suficientes participantes para la subasta.',
    en: 'There are not enough participants for the auction.',
  },
  'auction.not_found': { status: 404, es: 'No encontramos esa subasta.', en: 'We could not find that auction.' },
  'auction.not_participant': {
    status: 403,
    es: 'Solo los proveedores admitidos en esta subasta pueden pujar.',
    en: 'Only suppliers admitted to this auction may bid.',
  },
  'auction.not_running': { status: 409, es: 'La subasta no está en curso.', en: 'The auction is not running.' },
  'auth.account_disabled': { status: 403, es: 'La cuenta está desactivada.', en: 'The account is disabled.' },
  'auth.forbidden': { status: 403, es: 'No tienes permiso para hacer esto.', en: 'You are not allowed to do this.' },
  'auth.invalid_credentials': {
    status: 401,
    es: 'El correo o la contraseña no son correctos.',
    en: 'Wrong email or password.',
  },
  'auth.invalid_token': {
    status: 401,
    es: 'La sesión no es válida: inicia sesión de nuevo.',
    en: 'The session is not valid: log in again.',
  },
  'auth.password_change_required': {
    status: 403,
    es: 'Elige una contraseña nueva antes de continuar.',
    en: 'Choose a new password before anything else.',
  },
  'auth.session_ended': {
    status: 401,
    es: 'La sesión terminó: inicia sesión de nuevo.',
    en: 'The session has ended: log in again.',
  },
  'auth.token_expired': {
    status: 401,
    es: 'La sesión expiró: inicia sesión de nuevo.',
    en: 'The session has expired: log in again.',
  },
  'auth.unauthenticated': { status: 401, es: 'Inicia sesión para hacer esto.', en: 'Log in to do this.' },
  'award.auction_result_invalid': {
    status: 422,
    es: 'El resultado de la subasta no es válido para esta partida.',
    en: 'The auction result is not valid for this lot.',
  },
  'award.auction_result_not_expected': {
    status: 422,
    es: 'Esta partida no se adjudica por subasta.',
    en: 'This lot is not awarded by auction.',
  },
  'award.auction_result_required': {
    status: 422,
    es: 'Esta partida necesita el resultado de su subasta para adjudicarse.',
    en: 'This lot needs its auction result to be awarded.',
  },
  'award.invalid_amount': {
    status: 422,
    es: 'El monto de la adjudicación no es válido.',
    en: 'The award amount is not valid.',
  },
  'award.supplier_mismatch': {
    status: 422,
    es: 'El proveedor no coincide con el de la propuesta ganadora.',
    en: 'The supplier does not match the winning proposal.',
  },
  'award.supplier_not_eligible': {
    status: 403,
    es: 'El proveedor no puede recibir la adjudicación (sancionado, suspendido o sin verificar).',
    en: 'The supplier cannot be awarded (sanctioned, suspended or not verified).',
  },
  'award.unknown_lot': {
    status: 422,
    es: 'Esa partida no existe en la licitación.',
    en: 'That lot does not exist in the tender.',
  },
  'bid.invalid_amount': { status: 422, es: 'El monto de la puja no es válido.', en: 'The bid amount is not valid.' },
  'bid.invalid_client_bid_id': {
    status: 422,
    es: 'El identificador de la puja no es válido.',
    en: 'The bid id is not valid.',
  },
  'bid.not_lower': {
    status: 422,
    es: 'La puja debe ser menor que tu precio actual.',
    en: 'The bid must be lower than your current price.',
  },
  'bid.rate_limited': {
    status: 429,
    es: 'Estás pujando demasiado rápido: espera un momento y vuelve a pujar.',
    en: 'You are bidding too fast: wait a moment and bid again.',
    note: 'Socket.IO bid acknowledgement (`details.retryAfterMs`); HTTP requests get `rate_limit.exceeded`',
  },
  'bid.step_too_small': {
    status: 422,
    es: 'La puja no baja el precio lo suficiente: respeta el decremento mínimo.',
    en: 'The bid does not lower the price enough: respect the minimum step.',
  },
  'buying_unit.already_registered': {
    status: 409,
    es: 'Esa unidad compradora ya está registrada.',
    en: 'That buying unit is already registered.',
  },
  'buying_unit.code_taken': {
    status: 409,
    es: 'Ya hay una unidad compradora con esa clave.',
    en: 'There is already a buying unit with that code.',
  },
  'buying_unit.invalid_code': {
    status: 422,
    es: 'La clave de la unidad compradora no es válida.',
    en: 'The buying unit code is not valid.',
  },
  'buying_unit.invalid_level': {
    status: 422,
    es: 'El nivel de gobierno no es válido.',
    en: 'The level of government is not valid.',
  },
  'buying_unit.invalid_name': {
    status: 422,
    es: 'El nombre de la unidad compradora no es válido.',
    en: 'The buying unit name is not valid.',
  },
  'buying_unit.invalid_parent_institution': {
    status: 422,
    es: 'La institución a la que pertenece no es válida.',
    en: 'The parent institution is not valid.',
  },
  'buying_unit.not_found': {
    status: 404,
    es: 'No encontramos esa unidad compradora.',
    en: 'We could not find that buying unit.',
  },
  'challenge.already_exists': {
    status: 409,
    es: 'Esa inconformidad ya fue presentada.',
    en: 'That challenge has already been filed.',
  },
  'challenge.already_resolved': {
    status: 409,
    es: 'La inconformidad ya fue resuelta.',
    en: 'The challenge has already been resolved.',
  },
  'challenge.grounds_required': {
    status: 422,
    es: 'Explica los motivos de la inconformidad.',
    en: 'Explain the grounds of the challenge.',
  },
  'challenge.lot_not_awarded': {
    status: 409,
    es: 'Esa partida no ha sido adjudicada.',
    en: 'That lot has not been awarded.',
  },
  'challenge.not_a_bidder': {
    status: 403,
    es: 'Solo quien presentó propuesta puede inconformarse.',
    en: 'Only a bidder may file a challenge.',
  },
  'challenge.not_applicable': {
    status: 409,
    es: 'Este procedimiento no admite inconformidades.',
    en: 'This procedure does not accept challenges.',
  },
  'challenge.not_found': {
    status: 404,
    es: 'No encontramos esa inconformidad.',
    en: 'We could not find that challenge.',
  },
  'challenge.objection_period_over': {
    status: 409,
    es: 'El plazo para inconformarse terminó.',
    en: 'The objection period is over.',
  },
  'challenge.reason_required': {
    status: 422,
    es: 'Indica el motivo de la resolución.',
    en: 'Give the reason for the ruling.',
  },
  'challenge.revision_required': {
    status: 422,
    es: 'La resolución debe indicar la nueva adjudicación.',
    en: 'The ruling must state the revised award.',
  },
  'challenge.same_winner': {
    status: 422,
    es: 'La nueva adjudicación debe ser para otro proveedor.',
    en: 'The revised award must go to another supplier.',
  },
  'challenge.unknown_proposal': {
    status: 422,
    es: 'Esa propuesta no existe en la licitación.',
    en: 'That proposal does not exist in the tender.',
  },
  'classifier.ambiguous_code': {
    status: 422,
    es: 'La clave aparece en más de un catálogo: indica cuál.',
    en: 'The code is in more than one scheme: say which.',
  },
  'classifier.chunk_out_of_order': {
    status: 422,
    es: 'La parte de la importación llegó fuera de orden.',
    en: 'The import chunk arrived out of order.',
  },
  'classifier.duplicate_code': {
    status: 422,
    es: 'La clave está repetida en la importación.',
    en: 'The code is repeated in the import.',
  },
  'classifier.import_completed': {
    status: 422,
    es: 'La importación ya terminó.',
    en: 'The import has already finished.',
  },
  'classifier.import_incomplete': {
    status: 422,
    es: 'Faltan partes de la importación.',
    en: 'Parts of the import are missing.',
  },
  'classifier.import_not_started': {
    status: 422,
    es: 'La importación no ha comenzado.',
    en: 'The import has not started.',
  },
  'classifier.invalid_cursor': {
    status: 422,
    es: 'El cursor de paginación no es válido: vuelve a la primera página.',
    en: 'The page cursor is not valid: go back to the first page.',
    replacedBy: 'request.invalid_cursor',
  },
  'classifier.invalid_prefix': {
    status: 422,
    es: 'El prefijo no corresponde a una clave del catálogo.',
    en: 'The prefix is not part of a classifier code.',
  },
  'classifier.invalid_version': {
    status: 422,
    es: 'La versión del catálogo no es válida.',
    en: 'The classifier version is not valid.',
  },
  'classifier.scheme_required': {
    status: 422,
    es: 'Indica el catálogo (por ejemplo CUCoP o CPV).',
    en: 'Say which scheme (for example CUCoP or CPV).',
  },
  'classifier.too_many_chunks': {
    status: 422,
    es: 'La importación tiene demasiadas partes.',
    en: 'The import has too many chunks.',
  },
  'classifier.unknown_code': {
    status: 422,
    alsoStatus: [404],
    es: 'Esa clave no existe en el catálogo.',
    en: 'That code is not in the classifier.',
    note: '404 when the code is looked up, 422 when a command names it',
  },
  'classifier.unknown_format': {
    status: 422,
    es: 'El formato del archivo del catálogo no es reconocido.',
    en: 'The classifier file format is not recognised.',
  },
  'classifier.unknown_parent': {
    status: 422,
    es: 'La clave superior no existe en el catálogo.',
    en: 'The parent code is not in the classifier.',
  },
  'classifier.version_exists': {
    status: 409,
    es: 'Esa versión del catálogo ya existe.',
    en: 'That classifier version already exists.',
  },
  'concurrency.conflict': {
    status: 409,
    es: 'Alguien más lo cambió al mismo tiempo: vuelve a cargarlo e inténtalo de nuevo.',
    en: 'Someone else changed this at the same time: reload it and try again.',
  },
  'contract.already_exists': {
    status: 409,
    es: 'Ya hay un contrato para esa adjudicación.',
    en: 'There is already a contract for that award.',
  },
  'contract.already_signed': { status: 409, es: 'El contrato ya está firmado.', en: 'The contract is already signed.' },
  'contract.amendment_empty': {
    status: 422,
    es: 'El convenio modificatorio no cambia nada.',
    en: 'The amendment changes nothing.',
  },
  'contract.amendment_exceeds_limit': {
    status: 422,
    es: 'El convenio modificatorio excede el límite permitido.',
    en: 'The amendment exceeds the allowed limit.',
  },
  'contract.award_not_final': {
    status: 409,
    es: 'La adjudicación aún no es definitiva.',
    en: 'The award is not final yet.',
  },
  'contract.invalid_amount': {
    status: 422,
    es: 'El monto del contrato no es válido.',
    en: 'The contract amount is not valid.',
  },
  'contract.invalid_dates': {
    status: 422,
    es: 'Las fechas del contrato no son válidas.',
    en: 'The contract dates are not valid.',
  },
  'contract.invalid_outcome': {
    status: 422,
    es: 'El resultado de la conclusión del contrato no es válido.',
    en: 'The contract outcome is not valid.',
  },
  'contract.invalid_quantity': { status: 422, es: 'La cantidad no es válida.', en: 'The quantity is not valid.' },
  'contract.invalid_termination': {
    status: 422,
    es: 'La terminación debe ser anticipada o una rescisión.',
    en: 'A termination is early termination or rescission.',
  },
  'contract.invalid_transition': {
    status: 409,
    es: 'El contrato no puede pasar a ese estado ahora.',
    en: 'The contract cannot move to that state now.',
  },
  'contract.lot_not_awarded': {
    status: 409,
    es: 'Esa partida no ha sido adjudicada.',
    en: 'That lot has not been awarded.',
  },
  'contract.not_found': { status: 404, es: 'No encontramos ese contrato.', en: 'We could not find that contract.' },
  'contract.not_started': { status: 409, es: 'El contrato aún no inicia.', en: 'The contract has not started yet.' },
  'contract.reason_required': { status: 422, es: 'Indica el motivo.', en: 'Please give a reason.' },
  'contract.unknown_item': {
    status: 422,
    es: 'Ese concepto no está en el contrato.',
    en: 'That item is not in the contract.',
  },
  'evaluation.already_completed': {
    status: 409,
    es: 'La evaluación ya se completó.',
    en: 'The evaluation is already complete.',
  },
  'evaluation.incomplete': {
    status: 409,
    es: 'Faltan propuestas por evaluar.',
    en: 'Some proposals are still to be evaluated.',
  },
  'evaluation.lot_not_covered': {
    status: 422,
    es: 'La propuesta no cubre esa partida.',
    en: 'The proposal does not cover that lot.',
  },
  'evaluation.not_completed': {
    status: 409,
    es: 'La evaluación no se ha completado.',
    en: 'The evaluation is not complete.',
  },
  'evaluation.points_not_applicable': {
    status: 422,
    es: 'Esta licitación no se evalúa por puntos.',
    en: 'This tender is not evaluated by points.',
  },
  'evaluation.points_out_of_range': {
    status: 422,
    es: 'Los puntos están fuera del rango permitido.',
    en: 'The points are out of the allowed range.',
  },
  'evaluation.points_required': {
    status: 422,
    es: 'Indica los puntos de la propuesta.',
    en: 'Give the points of the proposal.',
  },
  'evaluation.reason_required': {
    status: 422,
    es: 'Explica el motivo del desechamiento.',
    en: 'Explain why the proposal is rejected.',
  },
  'feed.invalid_cursor': {
    status: 400,
    es: 'El cursor del canal de cambios no es válido: vuelve a empezar desde el principio.',
    en: 'The change feed cursor is not valid: start again from the beginning.',
    replacedBy: 'request.invalid_cursor',
  },
  'idempotency.in_progress': {
    status: 409,
    es: 'Una solicitud con la misma clave de idempotencia sigue en proceso: inténtalo en un momento.',
    en: 'A request with this Idempotency-Key is still being processed: retry shortly.',
  },
  'idempotency.invalid_key': {
    status: 400,
    es: 'La clave de idempotencia debe tener de 1 a 200 caracteres ASCII visibles (mejor un UUID).',
    en: 'The Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID is best).',
  },
  'idempotency.key_reused': {
    status: 422,
    es: 'Esa clave de idempotencia ya se usó para otra solicitud: usa una nueva.',
    en: 'This Idempotency-Key was used for a different request: use a new key.',
  },
  internal: {
    status: 500,
    es: 'Ocurrió un error inesperado. Si lo reportas, incluye el identificador de correlación.',
    en: 'An unexpected error occurred. When reporting it, quote the correlation id.',
  },
  'ledger.checkpoint_not_found': {
    status: 404,
    es: 'No encontramos ese punto de control de la bitácora.',
    en: 'We could not find that ledger checkpoint.',
  },
  'ledger.invalid_range': {
    status: 422,
    es: 'El rango de la bitácora no es válido.',
    en: 'The ledger range is not valid.',
  },
  'ledger.no_checkpoint': {
    status: 404,
    es: 'La bitácora aún no tiene puntos de control.',
    en: 'The ledger has no checkpoint yet.',
  },
  'ledger.no_signing_key': {
    status: 404,
    es: 'No hay clave de firma de la bitácora.',
    en: 'There is no ledger signing key.',
  },
  'ledger.not_in_checkpoint': {
    status: 404,
    es: 'Ese evento no está en el punto de control.',
    en: 'That event is not in the checkpoint.',
  },
  'ledger.not_sealed': {
    status: 404,
    es: 'Ese evento aún no está sellado en la bitácora.',
    en: 'That event is not sealed in the ledger yet.',
  },
  'ledger.stream_not_found': {
    status: 404,
    es: 'No encontramos ese historial.',
    en: 'We could not find that history.',
  },
  'money.currency_mismatch': {
    status: 422,
    es: 'Los montos están en monedas distintas.',
    en: 'The amounts are in different currencies.',
  },
  'money.invalid_currency': { status: 422, es: 'La moneda no es válida.', en: 'The currency is not valid.' },
  'money.not_integer': {
    status: 422,
    es: 'El monto debe ser un número entero de centavos.',
    en: 'The amount must be a whole number of cents.',
  },
  'ocds.record_not_found': {
    status: 404,
    es: 'No encontramos ese proceso de contratación.',
    en: 'We could not find that contracting process.',
  },
  'ocds.release_not_found': {
    status: 404,
    es: 'No encontramos esa publicación.',
    en: 'We could not find that release.',
  },
  'opening.commitment_mismatch': {
    status: 422,
    es: 'El contenido no corresponde a la propuesta sellada.',
    en: 'The content does not match the sealed proposal.',
  },
  'opening.content_mismatch': {
    status: 422,
    es: 'El contenido de la propuesta no concuerda con la propuesta.',
    en: 'The proposal content does not agree with the proposal.',
  },
  'opening.proposal_missing': {
    status: 422,
    es: 'Falta el contenido de una propuesta.',
    en: 'The content of a proposal is missing.',
  },
  'opening.too_early': {
    status: 409,
    es: 'Aún no es hora de abrir las propuestas.',
    en: 'It is too early to open the proposals.',
  },
  'opening.unknown_proposal': {
    status: 422,
    es: 'Esa propuesta no existe en la licitación.',
    en: 'That proposal does not exist in the tender.',
  },
  'proposal.already_exists': {
    status: 409,
    es: 'Ya presentaste una propuesta.',
    en: 'You have already submitted a proposal.',
  },
  'proposal.amount_mismatch': {
    status: 422,
    es: 'Los importes de la propuesta no suman lo declarado.',
    en: 'The proposal amounts do not add up.',
  },
  'proposal.currency_mismatch': {
    status: 422,
    es: 'La propuesta debe estar en la moneda de la licitación.',
    en: 'The proposal must be in the tender currency.',
  },
  'proposal.invalid_commitment': {
    status: 422,
    es: 'El sello de la propuesta no es válido.',
    en: 'The proposal commitment is not valid.',
  },
  'proposal.invalid_content': {
    status: 422,
    es: 'El contenido de la propuesta no es válido.',
    en: 'The proposal content is not valid.',
  },
  'proposal.invalid_sealed_box': {
    status: 422,
    es: 'La propuesta sellada no es válida.',
    en: 'The sealed proposal is not valid.',
  },
  'proposal.late': {
    status: 409,
    es: 'El plazo para presentar propuestas terminó.',
    en: 'The deadline for proposals has passed.',
  },
  'proposal.lot_already_covered': {
    status: 409,
    es: 'Ya presentaste una propuesta para esa partida.',
    en: 'You already have a proposal for that lot.',
  },
  'proposal.no_lots': {
    status: 422,
    es: 'La propuesta debe cubrir al menos una partida.',
    en: 'The proposal must cover at least one lot.',
  },
  'proposal.not_found': { status: 404, es: 'No encontramos esa propuesta.', en: 'We could not find that proposal.' },
  'proposal.not_owner': {
    status: 403,
    es: 'Esa propuesta es de otro proveedor.',
    en: 'That proposal belongs to another supplier.',
  },
  'proposal.supplier_not_invited': {
    status: 403,
    es: 'El proveedor no está invitado a esta licitación.',
    en: 'The supplier is not invited to this tender.',
  },
  'proposal.supplier_not_verified': {
    status: 403,
    es: 'El proveedor aún no está verificado.',
    en: 'The supplier is not verified yet.',
  },
  'proposal.supplier_sanctioned': {
    status: 403,
    es: 'El proveedor está sancionado y no puede participar.',
    en: 'The supplier is sanctioned and cannot take part.',
  },
  'proposal.tendering_not_started': {
    status: 409,
    es: 'Aún no se reciben propuestas.',
    en: 'Proposals are not accepted yet.',
  },
  'proposal.unknown_lot': {
    status: 422,
    es: 'Esa partida no existe en la licitación.',
    en: 'That lot does not exist in the tender.',
  },
  'proposal.withdrawn': { status: 409, es: 'La propuesta fue retirada.', en: 'The proposal has been withdrawn.' },
  'proposal.wrong_key': {
    status: 422,
    es: 'La propuesta está sellada con otra llave.',
    en: 'The proposal is sealed with another key.',
  },
  'question.already_answered': {
    status: 409,
    es: 'La pregunta ya tiene respuesta.',
    en: 'The question already has its answer.',
  },
  'question.already_exists': {
    status: 409,
    es: 'Esa pregunta ya fue enviada.',
    en: 'That question has already been sent.',
  },
  'question.answer_deadline_passed': {
    status: 409,
    es: 'El plazo para responder terminó.',
    en: 'The deadline for answers has passed.',
  },
  'question.answer_required': { status: 422, es: 'Escribe la respuesta.', en: 'Write the answer.' },
  'question.deadline_passed': {
    status: 409,
    es: 'Ya no se reciben preguntas.',
    en: 'Questions are no longer accepted.',
  },
  'question.not_found': { status: 404, es: 'No encontramos esa pregunta.', en: 'We could not find that question.' },
  'question.not_invited': {
    status: 403,
    es: 'Solo los proveedores invitados pueden preguntar.',
    en: 'Only invited suppliers may ask.',
  },
  'question.text_required': { status: 422, es: 'Escribe la pregunta.', en: 'Write the question.' },
  'question.unknown_lot': {
    status: 422,
    es: 'Esa partida no existe en la licitación.',
    en: 'That lot does not exist in the tender.',
  },
  'rate_limit.exceeded': {
    status: 429,
    es: 'Demasiadas solicitudes: espera un momento y vuelve a intentarlo.',
    en: 'Too many requests: wait a moment and try again.',
    note: 'with `Retry-After` (seconds) and `details.retryAfterMs`',
  },
  'request.aborted': {
    status: 400,
    es: 'La solicitud se interrumpió antes de llegar completa.',
    en: 'The request was aborted before its body arrived.',
  },
  'request.invalid': {
    status: 400,
    es: 'La solicitud tiene datos que faltan o no son válidos.',
    en: 'The request has missing or invalid data.',
    note: '`errors` lists each field with its messages',
  },
  'request.invalid_cursor': {
    status: 422,
    es: 'El cursor de paginación no es válido: vuelve a la primera página.',
    en: 'The page cursor is not valid: go back to the first page.',
  },
  'request.invalid_text': {
    status: 400,
    es: 'El texto contiene caracteres que no son texto válido.',
    en: 'The text holds characters that are not valid text.',
  },
  'request.malformed_json': {
    status: 400,
    es: 'El cuerpo de la solicitud no es JSON válido.',
    en: 'The request body is not valid JSON.',
  },
  'request.method_not_allowed': {
    status: 405,
    es: 'Ese método no está permitido aquí.',
    en: 'That method is not allowed here.',
  },
  'request.not_acceptable': {
    status: 406,
    es: 'No podemos responder en el formato pedido.',
    en: 'We cannot answer in the requested format.',
  },
  'request.too_large': {
    status: 413,
    es: 'La solicitud es más grande de lo que aceptamos.',
    en: 'The request is larger than we accept.',
  },
  'request.unprocessable': {
    status: 422,
    es: 'No pudimos procesar la solicitud.',
    en: 'We could not process the request.',
  },
  'request.unsupported_charset': {
    status: 415,
    es: 'El conjunto de caracteres de la solicitud no es compatible.',
    en: 'The request character set is not supported.',
  },
  'request.unsupported_encoding': {
    status: 415,
    es: 'La codificación de la solicitud no es compatible.',
    en: 'The request content encoding is not supported.',
  },
  'request.unsupported_media_type': {
    status: 415,
    es: 'El tipo de contenido de la solicitud no es compatible.',
    en: 'The request content type is not supported.',
  },
  'resource.conflict': {
    status: 409,
    es: 'La solicitud choca con el estado actual.',
    en: 'The request conflicts with the current state.',
  },
  'resource.gone': { status: 410, es: 'Esto ya no está disponible.', en: 'This is no longer available.' },
  'resource.not_found': {
    status: 404,
    es: 'No encontramos lo que buscas.',
    en: 'We could not find what you are looking for.',
  },
  'rfc.invalid': { status: 422, es: 'El RFC no es válido.', en: 'The RFC (tax id) is not valid.' },
  'route.not_found': { status: 404, es: 'Esta dirección no existe.', en: 'No route serves this method and path.' },
  'sanction.already_ended': { status: 422, es: 'La sanción ya terminó.', en: 'The sanction has already ended.' },
  'sanction.already_imposed': {
    status: 409,
    es: 'Esa sanción ya fue impuesta.',
    en: 'That sanction has already been imposed.',
  },
  'sanction.invalid_period': {
    status: 422,
    es: 'El periodo de la sanción no es válido.',
    en: 'The sanction period is not valid.',
  },
  'sanction.not_found': { status: 404, es: 'No encontramos esa sanción.', en: 'We could not find that sanction.' },
  'sanction.not_in_force': { status: 409, es: 'La sanción no está vigente.', en: 'The sanction is not in force.' },
  'sanction.reason_required': {
    status: 422,
    es: 'Indica el motivo de la sanción.',
    en: 'Give the reason for the sanction.',
  },
  'sanction.resolution_number_required': {
    status: 422,
    es: 'Indica el número de resolución.',
    en: 'Give the resolution number.',
  },
  'sealing.cannot_open': {
    status: 422,
    es: 'No se pudo abrir la propuesta sellada.',
    en: 'The sealed proposal could not be opened.',
  },
  'sealing.invalid_iv': {
    status: 422,
    es: 'El sello de la propuesta está dañado.',
    en: 'The proposal seal is damaged.',
  },
  'sealing.invalid_key': {
    status: 422,
    es: 'La llave para abrir la propuesta no es válida.',
    en: 'The key to open the proposal is not valid.',
  },
  'sealing.not_json': {
    status: 422,
    es: 'La propuesta abierta no tiene un contenido legible.',
    en: 'The opened proposal has no readable content.',
  },
  'service.not_ready': { status: 503, es: 'El servicio aún no está listo.', en: 'The service is not ready yet.' },
  'service.unavailable': {
    status: 503,
    es: 'Un servicio del que dependemos no responde: inténtalo de nuevo en un momento.',
    en: 'A service Licita depends on cannot be reached: try again shortly.',
  },
  'supplier.already_registered': {
    status: 409,
    es: 'Ese proveedor ya está registrado.',
    en: 'That supplier is already registered.',
  },
  'supplier.invalid_address': { status: 422, es: 'El domicilio no es válido.', en: 'The address is not valid.' },
  'supplier.invalid_classifier_codes': {
    status: 422,
    es: 'Las claves de actividad no son válidas.',
    en: 'The activity codes are not valid.',
  },
  'supplier.invalid_contact': {
    status: 422,
    es: 'Los datos de contacto no son válidos.',
    en: 'The contact details are not valid.',
  },
  'supplier.invalid_legal_name': {
    status: 422,
    es: 'La razón social no es válida.',
    en: 'The legal name is not valid.',
  },
  'supplier.invalid_size': {
    status: 422,
    es: 'El tamaño de empresa no es válido.',
    en: 'The company size is not valid.',
  },
  'supplier.not_eligible': {
    status: 403,
    es: 'El proveedor está sancionado, suspendido o sin verificar y no puede pujar.',
    en: 'The supplier is sanctioned, suspended or not verified and cannot bid.',
    note: 'Socket.IO bid acknowledgement',
  },
  'supplier.not_found': { status: 404, es: 'No encontramos ese proveedor.', en: 'We could not find that supplier.' },
  'supplier.not_pending': {
    status: 409,
    es: 'El proveedor no está pendiente de verificación.',
    en: 'The supplier is not pending verification.',
  },
  'supplier.not_suspended': {
    status: 409,
    es: 'El proveedor no está suspendido.',
    en: 'The supplier is not suspended.',
  },
  'supplier.not_verified': { status: 409, es: 'El proveedor no está verificado.', en: 'The supplier is not verified.' },
  'supplier.person_type_mismatch': {
    status: 422,
    es: 'El RFC no corresponde al tipo de persona.',
    en: 'The RFC does not match the type of person.',
  },
  'supplier.reason_required': { status: 422, es: 'Indica el motivo.', en: 'Please give a reason.' },
  'supplier.rfc_taken': {
    status: 409,
    es: 'Ya hay un proveedor con ese RFC.',
    en: 'There is already a supplier with that RFC.',
  },
  'supplier.suspended': { status: 409, es: 'El proveedor está suspendido.', en: 'The supplier is suspended.' },
  'tender.already_exists': { status: 409, es: 'Esa licitación ya existe.', en: 'That tender already exists.' },
  'tender.amendment_deadline_passed': {
    status: 409,
    es: 'Ya no se puede modificar la convocatoria.',
    en: 'The call for tenders can no longer be amended.',
  },
  'tender.amendment_empty': {
    status: 422,
    es: 'La modificación no cambia nada.',
    en: 'The amendment changes nothing.',
  },
  'tender.auction_not_applicable': {
    status: 422,
    es: 'Este procedimiento no usa subasta.',
    en: 'This procedure does not use an auction.',
  },
  'tender.award_date_too_late': {
    status: 422,
    es: 'La fecha de fallo es demasiado tardía.',
    en: 'The award date is too late.',
  },
  'tender.currency_mismatch': {
    status: 422,
    es: 'Todos los montos deben estar en la moneda de la licitación.',
    en: 'All amounts must be in the tender currency.',
  },
  'tender.direct_award_not_applicable': {
    status: 422,
    es: 'La adjudicación directa no aplica a este procedimiento.',
    en: 'Direct award does not apply to this procedure.',
  },
  'tender.duplicate_id': { status: 422, es: 'Hay identificadores repetidos.', en: 'There are repeated ids.' },
  'tender.field_not_amendable': {
    status: 422,
    es: 'Ese dato no se puede modificar.',
    en: 'That field cannot be amended.',
  },
  'tender.field_required': { status: 422, es: 'Falta un dato obligatorio.', en: 'A required field is missing.' },
  'tender.invalid_amount': { status: 422, es: 'El monto no es válido.', en: 'The amount is not valid.' },
  'tender.invalid_award_criterion': {
    status: 422,
    es: 'El criterio de adjudicación no es válido.',
    en: 'The award criterion is not valid.',
  },
  'tender.invalid_category': {
    status: 422,
    es: 'La categoría de contratación no es válida.',
    en: 'The procurement category is not valid.',
  },
  'tender.invalid_document': { status: 422, es: 'Un documento no es válido.', en: 'A document is not valid.' },
  'tender.invalid_id': { status: 422, es: 'El identificador no es válido.', en: 'The id is not valid.' },
  'tender.invalid_item': { status: 422, es: 'Un concepto no es válido.', en: 'An item is not valid.' },
  'tender.invalid_procedure_type': {
    status: 422,
    es: 'El tipo de procedimiento no es válido.',
    en: 'The procedure type is not valid.',
  },
  'tender.invalid_schedule': {
    status: 422,
    es: 'Las fechas del calendario no son válidas.',
    en: 'The schedule dates are not valid.',
  },
  'tender.invalid_transition': {
    status: 409,
    es: 'La licitación no puede pasar a ese estado ahora.',
    en: 'The tender cannot move to that state now.',
  },
  'tender.invitee_not_eligible': {
    status: 422,
    es: 'Un proveedor invitado no puede participar (sancionado, suspendido o sin verificar).',
    en: 'An invited supplier cannot take part (sanctioned, suspended or not verified).',
  },
  'tender.invitee_standing_missing': {
    status: 422,
    es: 'Falta la situación de un proveedor invitado.',
    en: 'The standing of an invited supplier is missing.',
  },
  'tender.invitees_not_applicable': {
    status: 422,
    es: 'Este procedimiento no lleva invitados.',
    en: 'This procedure has no invitees.',
  },
  'tender.justification_required': { status: 422, es: 'Falta la justificación.', en: 'The justification is missing.' },
  'tender.lot_has_proposals': {
    status: 409,
    es: 'La partida ya tiene propuestas.',
    en: 'The lot already has proposals.',
  },
  'tender.lot_not_found': { status: 404, es: 'No encontramos esa partida.', en: 'We could not find that lot.' },
  'tender.lot_value_mismatch': {
    status: 422,
    es: 'El valor de la partida no coincide con la suma de sus conceptos.',
    en: 'The lot value does not match the sum of its items.',
  },
  'tender.lot_without_items': {
    status: 422,
    es: 'Cada partida necesita al menos un concepto.',
    en: 'Each lot needs at least one item.',
  },
  'tender.no_lots': {
    status: 422,
    es: 'La licitación necesita al menos una partida.',
    en: 'The tender needs at least one lot.',
  },
  'tender.not_competitive': {
    status: 409,
    es: 'Esto solo aplica a procedimientos con competencia.',
    en: 'This only applies to competitive procedures.',
  },
  'tender.not_direct_award': {
    status: 409,
    es: 'Esto solo aplica a adjudicaciones directas.',
    en: 'This only applies to direct awards.',
  },
  'tender.not_found': { status: 404, es: 'No encontramos esa licitación.', en: 'We could not find that tender.' },
  'tender.period_reduction_not_applicable': {
    status: 422,
    es: 'La reducción de plazos no aplica a este procedimiento.',
    en: 'Shortened periods do not apply to this procedure.',
  },
  'tender.questions_deadline_passed': {
    status: 409,
    es: 'El plazo de preguntas terminó.',
    en: 'The deadline for questions has passed.',
  },
  'tender.reason_required': { status: 422, es: 'Indica el motivo.', en: 'Please give a reason.' },
  'tender.schedule_not_applicable': {
    status: 422,
    es: 'Este procedimiento no lleva calendario.',
    en: 'This procedure has no schedule.',
  },
  'tender.schedule_too_short': {
    status: 422,
    es: 'Los plazos son más cortos de lo que permite la ley.',
    en: 'The periods are shorter than the law allows.',
  },
  'tender.too_few_invitees': {
    status: 422,
    es: 'Se necesitan más proveedores invitados.',
    en: 'More invited suppliers are needed.',
  },
  'tender.total_value_mismatch': {
    status: 422,
    es: 'El valor total no coincide con la suma de las partidas.',
    en: 'The total value does not match the sum of the lots.',
  },
  'transparency.invalid_cursor': {
    status: 400,
    es: 'El cursor de paginación no es válido: vuelve a la primera página.',
    en: 'The page cursor is not valid: go back to the first page.',
    replacedBy: 'request.invalid_cursor',
  },
  'transparency.invalid_range': {
    status: 400,
    es: 'El rango no es válido: el inicio debe ser anterior al final.',
    en: 'The range is not valid: the start must come before the end.',
  },
} as const satisfies Record<string, ProblemCodeEntry>;

export type ProblemCode = keyof typeof PROBLEM_CATALOGUE;
