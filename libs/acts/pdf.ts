/**
 * Rendering, signing and verifying acts: pdfkit, @signpdf and node-forge, about 1 s of start-up and tens of MB
 * loaded. Apart from the context's index, which offers them as `actPdfTools()`, so that a process loads
 * them when it first renders or verifies an act (ActSigning too imports this file on first use), not at start.
 */
export { renderAct } from './domain/render-act';
export { signActPdf } from './signing/sign-act';
export { actSigningKeyOf, loadActSigningKey, selfSignedP12, type ActSigningKey } from './signing/signing-key';
export { verifyActPdf, type ActVerification } from './signing/verify-act';
