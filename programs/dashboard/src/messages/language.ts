/** The dashboard's languages: Dutch first, English selectable. */
import { en } from './en';
import { nl, type Messages } from './nl';

export type Language = 'nl' | 'en';
export type { Messages };

export const LANGUAGES: readonly Language[] = ['nl', 'en'];

export function isLanguage(value: unknown): value is Language {
  return value === 'nl' || value === 'en';
}

export function messagesFor(language: Language): Messages {
  return language === 'en' ? en : nl;
}
