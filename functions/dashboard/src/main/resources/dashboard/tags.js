// Tags on the lists: each shown as a chip (its text set as text, never as markup), and a select that
// keeps only what carries the chosen tag. The options are the tags the loaded items carry.
import { h, replace } from './dom.js';

/** The tags of an item as chips; nothing for an item without tags. */
export function tagChips(tags) {
  if (!tags || tags.length === 0) return null;
  return h('span', { class: 'chips' }, tags.map((tag) => h('span', { class: 'chip', 'data-tag': tag }, tag)));
}

/** A select of tags (id: its element id, what: 'applications' or 'checks'), 'All tags' first. */
export function tagSelect(id, what) {
  return h('select', { id, 'aria-label': `Filter ${what} by tag` }, h('option', { value: '' }, 'All tags'));
}

/** Sets the select's options to the tags that items carry, keeping the chosen one if it is still there. */
export function offerTags(select, items) {
  const chosen = select.value;
  const tags = [...new Set(items.flatMap((item) => item.tags || []))].sort();
  replace(select, h('option', { value: '' }, 'All tags'), tags.map((tag) => h('option', { value: tag }, tag)));
  select.value = tags.includes(chosen) ? chosen : '';
}

/** Whether item carries the tag chosen in select (any item when none is chosen). */
export function carriesChosen(select, item) {
  return !select.value || (item.tags || []).includes(select.value);
}
