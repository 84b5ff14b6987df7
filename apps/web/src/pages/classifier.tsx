/** The classifier browser: the tree of codes, a search, and how each code is used in procurement. */
import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { describe, SchemeSelect, useClassifierPages, useClassifierSchemes } from '../components/classifier-picker';
import { TotalLine } from '../components/total';
import { Empty, Loaded, Money, Section, useAsync } from '../components/ui';
import { number } from '../format';
import { label, t, tn } from '../i18n';
import { Link } from '../router';
import type { ClassifierDetail, ClassifierEntry, Page } from '../types';

/** The page shows one scheme at a time: the deployment's default (CUCoP in Mexico) until another is chosen. */
export function ClassifierBrowser({ code }: { code?: string }) {
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState('');
  const schemes = useClassifierSchemes();
  const scheme = chosen || schemes[0]?.scheme || '';
  const { items: found, total } = useClassifierPages(q, 20, scheme);
  return (
    <>
      <h1>
        {t('Clasificador de bienes y servicios')}
        {scheme && ` (${scheme})`}
      </h1>
      <div class="grid" style={{ alignItems: 'start' }}>
        <div>
          <Section title={t('Buscar')}>
            <SchemeSelect id="classifier-scheme" value={scheme} onChange={setChosen} schemes={schemes} />
            <label class="field">
              <span class="field-label">{t('Palabras o clave')}</span>
              <input
                type="search"
                value={q}
                onInput={(event) => setQ((event.target as HTMLInputElement).value)}
                placeholder={t('p. ej. computadora portátil, cubrebocas, 5150')}
              />
            </label>
            {q.trim().length >= 2 && total && (
              <TotalLine
                total={total}
                shown={found.length}
                singular="{n} código"
                plural="{n} códigos"
                estimated="≈ {n} códigos (estimado)"
              />
            )}
            {found.length > 0 && (
              <ul class="tree" style={{ marginTop: '0.6rem' }}>
                {found.map((entry) => (
                  <li>
                    <Link href={`/clasificador/${entry.code}`}>
                      <span class="mono">{entry.code}</span> {describe(entry)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title={t('Árbol')}>{scheme && <Divisions selected={code} scheme={scheme} />}</Section>
        </div>
        {code ? (
          <CodeDetail code={code} />
        ) : (
          <Section title={t('Uso')}>
            <Empty>{t('Elige un código para ver su uso en las contrataciones.')}</Empty>
          </Section>
        )}
      </div>
    </>
  );
}

function Divisions({ selected, scheme }: { selected?: string; scheme: string }) {
  const top = useAsync(() => get<Page<ClassifierEntry>>(`/api/classifier${query({ scheme, limit: 100 })}`), [scheme]);
  return (
    <Loaded state={top}>
      {(page) => (
        <ul class="tree" style={{ paddingLeft: 0 }}>
          {page.items
            .filter((entry) => entry.depth === 1)
            .map((entry) => (
              <TreeNode entry={entry} selected={selected} />
            ))}
        </ul>
      )}
    </Loaded>
  );
}

function TreeNode({ entry, selected }: { entry: ClassifierEntry; selected?: string }) {
  const [open, setOpen] = useState(false);
  const [children, setChildren] = useState<ClassifierEntry[] | null>(null);
  const toggle = async () => {
    if (!open && children === null)
      setChildren(
        (await get<ClassifierDetail>(`/api/classifier/${entry.code}${query({ scheme: entry.scheme })}`)).children,
      );
    setOpen(!open);
  };
  const leaf = children !== null && children.length === 0;
  return (
    <li>
      <button
        type="button"
        class="link"
        aria-expanded={leaf ? undefined : open}
        onClick={toggle}
        aria-label={`${open ? t('Cerrar') : t('Abrir')} ${entry.code}`}
        style={{ textDecoration: 'none', width: '1.5rem' }}
      >
        {leaf ? '·' : open ? '▾' : '▸'}
      </button>
      <Link href={`/clasificador/${entry.code}`} aria-current={selected === entry.code ? 'page' : undefined}>
        <span class="mono">{entry.code}</span> {describe(entry)}
      </Link>
      {open && children && children.length > 0 && (
        <ul class="tree">
          {children.map((child) => (
            <TreeNode entry={child} selected={selected} />
          ))}
        </ul>
      )}
    </li>
  );
}

function CodeDetail({ code }: { code: string }) {
  const detail = useAsync(() => get<ClassifierDetail>(`/api/classifier/${encodeURIComponent(code)}`), [code]);
  return (
    <Loaded state={detail}>
      {(d) => (
        <Section title={`${d.code} ${describe(d)}`}>
          <p class="small">
            {[...d.ancestors, d].map((a, i) => (
              <>
                {i > 0 && ' › '}
                <Link href={`/clasificador/${a.code}`}>{describe(a)}</Link>
              </>
            ))}
          </p>
          <dl class="facts">
            <dt>{t('Nivel')}</dt>
            <dd>{t(LEVELS[d.level] ?? d.level)}</dd>
            <dt>{t('Categoría')}</dt>
            <dd>{label('category', d.category)}</dd>
            <dt>{t('Procedimientos que lo usan')}</dt>
            <dd>{number(d.usage.tenders)}</dd>
            <dt>{t('Conceptos')}</dt>
            <dd>{number(d.usage.items)}</dd>
            <dt>{t('Monto estimado')}</dt>
            <dd>
              <Money amount={d.usage.estimatedAmount} />
            </dd>
            <dt>{t('Monto adjudicado')}</dt>
            <dd>
              <Money amount={d.usage.awardedAmount} />
            </dd>
            <dt>{t('Proveedores adjudicados')}</dt>
            <dd>{number(d.usage.suppliersAwarded)}</dd>
            <dt>{t('Proveedores registrados')}</dt>
            <dd>{number(d.usage.suppliersRegistered)}</dd>
          </dl>
          <p>
            <Link href={`/?classifierCode=${encodeURIComponent(d.code)}`}>
              {t('Ver procedimientos con este código')}
            </Link>
          </p>
          {d.children.length > 0 && (
            <>
              <h3>{t('Subcódigos')}</h3>
              <ul class="tree" style={{ paddingLeft: 0 }}>
                {d.children.map((child) => (
                  <li>
                    <Link href={`/clasificador/${child.code}`}>
                      <span class="mono">{child.code}</span> {describe(child)}
                    </Link>{' '}
                    <span class="muted small">
                      ({tn(child.usage.tenders, '{n} procedimiento', '{n} procedimientos')})
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
      )}
    </Loaded>
  );
}

const LEVELS: Record<string, string> = {
  division: 'División',
  group: 'Grupo',
  class: 'Clase',
  category: 'Categoría',
  subcategory: 'Subcategoría',
  chapter: 'Capítulo',
  concept: 'Concepto',
  generic: 'Partida genérica',
  specific: 'Partida específica',
  article: 'Artículo',
};
