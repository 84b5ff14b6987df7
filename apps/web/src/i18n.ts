/**
 * Spanish by default, English on request. Texts are written in Spanish in the code and looked up in the
 * English dictionary (en.ts) when English is chosen; a text missing there stays in Spanish. `{name}` in a text
 * is replaced by `vars.name`.
 */
import { useDateLocale } from './format';
import { EN } from './en';
import { useRerenderOn } from './rerender';

export type Language = 'es' | 'en';

const KEY = 'licita.language';
let language: Language = readStored();
const listeners = new Set<() => void>();

function readStored(): Language {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'es';
  } catch {
    return 'es';
  }
}

export const currentLanguage = () => language;

export function setLanguage(next: Language): void {
  language = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  apply();
  for (const listener of listeners) listener();
}

function apply(): void {
  useDateLocale(language);
  document.documentElement.lang = language === 'en' ? 'en' : 'es';
}
apply();

/** Re-renders the caller when the language changes. */
export function useLanguage(): Language {
  useRerenderOn(listeners);
  return language;
}

export function t(spanish: string, vars?: Record<string, string | number>): string {
  const text = language === 'en' ? (EN[spanish] ?? spanish) : spanish;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`)) : text;
}

/**
 * A text that counts: the singular when `n` is 1 ("1 propuesta"), else the plural ("3 propuestas"), each looked
 * up like `t`; `{n}` is the count, written as Mexico writes numbers.
 */
export function tn(n: number, singular: string, plural: string, vars: Record<string, string | number> = {}): string {
  return t(n === 1 ? singular : plural, { ...vars, n: new Intl.NumberFormat('es-MX').format(n) });
}

/** Labels of the API's codes (statuses, procedure types…), by the code. */
export function label(group: keyof typeof LABELS, code: string | null | undefined): string {
  if (!code) return '—';
  const text = (LABELS[group] as Record<string, string>)[code];
  return text ? t(text) : code;
}

export const LABELS = {
  procedureType: {
    public_national: 'Licitación pública nacional',
    public_international: 'Licitación pública internacional',
    invitation: 'Invitación a cuando menos tres personas',
    direct_award: 'Adjudicación directa',
  },
  category: { goods: 'Bienes', services: 'Servicios', works: 'Obra pública', leasing: 'Arrendamiento' },
  tenderStatus: {
    draft: 'Borrador',
    'active.enquiries': 'Periodo de aclaraciones',
    'active.tendering': 'Recepción de propuestas',
    'active.awaiting_opening': 'Recepción cerrada, en espera de apertura',
    opened: 'Propuestas abiertas',
    evaluation: 'En evaluación',
    auction: 'Subasta inversa',
    awarded: 'Adjudicada',
    contracted: 'Contratada',
    completed: 'Concluida',
    cancelled: 'Cancelada',
    deserted: 'Desierta',
  },
  lotStatus: {
    active: 'Activa',
    open: 'En evaluación',
    auction: 'En subasta',
    awarded: 'Adjudicada',
    deserted: 'Desierta',
    contracted: 'Contratada',
    closed: 'Cerrada',
  },
  supplierStatus: {
    pending: 'Pendiente de verificación',
    pending_verification: 'Pendiente de verificación',
    verified: 'Verificado',
    rejected: 'Rechazado',
    suspended: 'Suspendido',
  },
  sanctionStatus: { scheduled: 'Programada', in_force: 'Vigente', lifted: 'Levantada', ended: 'Concluida' },
  awardBasis: { evaluation: 'Evaluación', auction: 'Subasta inversa', direct_award: 'Adjudicación directa' },
  desertion: {
    no_proposals: 'No se presentaron propuestas',
    no_compliant_proposal: 'Ninguna propuesta cumplió',
    award_annulled: 'Adjudicación anulada',
  },
  size: { micro: 'Micro', small: 'Pequeña', medium: 'Mediana', large: 'Grande' },
  level: { federal: 'Federal', state: 'Estatal', municipal: 'Municipal' },
  role: {
    supplier: 'Proveedor',
    buyer: 'Comprador',
    registrar: 'Registrador',
    auditor: 'Auditor',
    follower: 'Seguidor',
    state_admin: 'Administrador estatal',
  },
  phase: { scheduled: 'Programada', running: 'En curso', ended: 'Terminando', closed: 'Cerrada' },
  contractStatus: { active: 'Vigente', completed: 'Concluido', terminated: 'Terminado' },
} as const;
