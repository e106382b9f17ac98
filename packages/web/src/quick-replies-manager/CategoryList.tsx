// The left column: the agent's personal categories, each with its number of replies.
import { useT } from '../i18n';
import { Icon } from '../ui/Icon';
import type { PersonalCategory } from './personal-api';

export interface CategoryListProps {
  categories: PersonalCategory[];
  selectedId?: number;
  onSelect(categoryId: number): void;
  onNew(): void;
}

export function CategoryList({ categories, selectedId, onSelect, onNew }: CategoryListProps) {
  const t = useT();
  return (
    <section class="qrm-categories" aria-labelledby="qrm-categories-title">
      <div class="qrm-section-head">
        <h3 id="qrm-categories-title">{t('qrm.categories')}</h3>
        <button type="button" class="icon-button" aria-label={t('qrm.newCategory')} title={t('qrm.newCategory')} data-testid="qr-category-new" onClick={onNew}>
          <Icon name="plus" />
        </button>
      </div>
      {categories.length ? (
        <ul class="qrm-category-list">
          {categories.map((category) => {
            const selected = category.categoryId === selectedId;
            return (
              <li key={category.categoryId}>
                <button
                  type="button"
                  class={`qrm-category${selected ? ' selected' : ''}`}
                  aria-current={selected ? 'true' : undefined}
                  data-testid="qr-category"
                  data-category-id={category.categoryId}
                  onClick={() => onSelect(category.categoryId)}
                >
                  <span class="qrm-category-name">{category.name}</span>
                  <span class="tab-count" aria-label={t('qrm.replyCount', { n: category.replyCount })}>
                    {category.replyCount}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted small qrm-none">{t('qrm.noCategoriesShort')}</p>
      )}
    </section>
  );
}
