/** The admin's wording in the editor's interface language; English when there is none for it. */
export function wordsFor<W>(words: { en: W } & Partial<Record<string, W>>, language: string | undefined): W {
  return (language && Object.hasOwn(words, language) ? words[language] : undefined) ?? words.en;
}
