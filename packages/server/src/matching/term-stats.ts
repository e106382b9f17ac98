/**
 * Term dictionary with inverted lists and entry-level document frequency.
 * IDF is counted across entries, not across texts: a word that all five paraphrases of one
 * entry share is a strong cue for that entry, not a common word.
 */
export class TermStats {
  private readonly ids = new Map<string, number>();
  /** Per term id: text slots containing it and the term's weight in that text. */
  readonly postings: { slots: number[]; weights: number[] }[] = [];
  /** Per term id: number of entries whose texts contain it. */
  private readonly entryDf: number[] = [];
  entryCount = 0;

  id(term: string): number | undefined {
    return this.ids.get(term);
  }

  /** Id of `term`, allocating one for a new term. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.ids.set(term, id);
      this.postings.push({ slots: [], weights: [] });
      this.entryDf.push(0);
    }
    return id;
  }

  addPosting(termId: number, slot: number, weight: number): void {
    this.postings[termId].slots.push(slot);
    this.postings[termId].weights.push(weight);
  }

  removePosting(termId: number, slot: number): void {
    const list = this.postings[termId];
    const at = list.slots.indexOf(slot);
    if (at < 0) return;
    // Order inside a posting list does not matter, so swap-remove keeps this O(1) after the search.
    const last = list.slots.length - 1;
    list.slots[at] = list.slots[last];
    list.weights[at] = list.weights[last];
    list.slots.pop();
    list.weights.pop();
  }

  changeEntryDf(termId: number, delta: number): void {
    this.entryDf[termId] += delta;
  }

  /** Smoothed IDF; unseen terms (df 0) get the highest value so unknown words lower similarity. */
  idf(termId: number | undefined): number {
    const df = termId === undefined ? 0 : this.entryDf[termId];
    return Math.log(1 + this.entryCount / Math.max(df, 0.5));
  }
}
