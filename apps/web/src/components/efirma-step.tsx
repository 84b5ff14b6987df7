/**
 * The "Firmar con e.firma" step of the proposal form: the supplier picks its `.cer` and `.key` and types the
 * key's password. The files are read here with FileReader and never uploaded; ../efirma.ts signs.
 */
import type { EfirmaError, SignedProposalInput, TenderLots } from '../efirma';
import { t } from '../i18n';
import { Field } from './ui';

export type EfirmaChoice = {
  enabled: boolean;
  certificate: Uint8Array | null;
  keyFile: Uint8Array | null;
  password: string;
};

export const NO_EFIRMA: EfirmaChoice = { enabled: false, certificate: null, keyFile: null, password: '' };

function readLocalFile(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(t('No se pudo leer el archivo.')));
    reader.readAsArrayBuffer(file);
  });
}

export function EfirmaStep({
  value,
  onChange,
  required,
  requiredNote = t('Esta licitación exige firmar la propuesta con tu e.firma.'),
}: {
  value: EfirmaChoice;
  onChange: (next: EfirmaChoice) => void;
  required: boolean;
  /** What the step says when signing is required (default: the tender's rule). */
  requiredNote?: string;
}) {
  const enabled = required || value.enabled;
  const pick = (field: 'certificate' | 'keyFile') => async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    onChange({ ...value, enabled, [field]: file ? await readLocalFile(file) : null });
  };
  return (
    <fieldset class="card" data-testid="efirma-step">
      <legend>{t('Firmar con e.firma')}</legend>
      {required ? (
        <p class="muted small">{requiredNote}</p>
      ) : (
        <label>
          <input
            type="checkbox"
            name="efirma-enabled"
            checked={value.enabled}
            onChange={(e) => onChange({ ...value, enabled: (e.target as HTMLInputElement).checked })}
          />{' '}
          {t('Firmar con e.firma')}
        </label>
      )}
      {enabled && (
        <>
          <p class="muted small">
            {t('Tu llave privada y su contraseña no salen de tu navegador: solo se envían la firma y el certificado.')}
          </p>
          <Field label={t('Certificado (.cer)')}>
            <input type="file" name="efirma-cer" accept=".cer" onChange={pick('certificate')} />
          </Field>
          <Field label={t('Llave privada (.key)')}>
            <input type="file" name="efirma-key" accept=".key" onChange={pick('keyFile')} />
          </Field>
          <Field label={t('Contraseña de la llave privada')}>
            <input
              type="password"
              name="efirma-password"
              autocomplete="off"
              value={value.password}
              onInput={(e) => onChange({ ...value, enabled, password: (e.target as HTMLInputElement).value })}
            />
          </Field>
        </>
      )}
    </fieldset>
  );
}

export const EFIRMA_MESSAGES: Record<EfirmaError['reason'], string> = {
  wrong_password: 'La contraseña no abre la llave privada (.key).',
  unreadable_key: 'El archivo .key no es una llave privada de e.firma.',
  unreadable_certificate: 'El archivo .cer no es un certificado de e.firma.',
};

/** The fields the signature adds to the submission (`proposalId`, `salt`, `efirma`), or none when not signing. */
export async function efirmaFields(
  choice: EfirmaChoice,
  required: boolean,
  proposal: Omit<SignedProposalInput, 'salt'>,
  tenderLots: TenderLots,
): Promise<Record<string, unknown>> {
  if (!required && !choice.enabled) return {};
  if (!choice.certificate || !choice.keyFile || !choice.password)
    throw new Error(t('Elige tu certificado (.cer), tu llave privada (.key) y escribe su contraseña.'));
  // Loaded when a supplier signs: node-forge stays out of every other page's bundle.
  const { EfirmaError, signProposal } = await import('../efirma');
  try {
    const { commitment: _commitment, ...fields } = await signProposal({
      proposal,
      tenderLots,
      certificate: choice.certificate,
      keyFile: choice.keyFile,
      password: choice.password,
    });
    return fields;
  } catch (error) {
    if (error instanceof EfirmaError) throw new Error(t(EFIRMA_MESSAGES[error.reason]));
    throw error;
  }
}
