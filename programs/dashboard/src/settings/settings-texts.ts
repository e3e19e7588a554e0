/** The words of a tenant's Instellingen and Logboek tabs, in Dutch (the default) and English. */
const nl = {
  intro: 'Alle instellingen van deze koppeling. Een wijziging wordt eerst gecontroleerd en geldt vanaf de volgende verwerking.',
  save: 'Opslaan',
  test: 'Verbinding testen',
  saved: 'Instellingen opgeslagen; ze gelden vanaf de volgende verwerking.',
  nothingChanged: 'Er is niets gewijzigd.',
  changedSecret: (field: string) => `${field}: gewijzigd`,
  changedValue: (field: string, before: string, after: string) => `${field}: ${before} → ${after}`,
  empty: '(leeg)',
  stale: 'Het bestand van deze koppeling is gewijzigd sinds u dit formulier opende (op de schijf, via de opdrachtregel of door een andere gebruiker). Uw wijziging is niet opgeslagen: open de instellingen opnieuw en voer haar daar in.',
  auditNone: 'Nog niets vastgelegd.',
  auditTime: 'Tijd',
  auditUser: 'Gebruiker',
  auditAction: 'Wat',
  auditFields: 'Velden',
  actions: {
    create: 'koppeling gemaakt',
    settings: 'instellingen gewijzigd',
    check: 'verbinding gecontroleerd',
    sync: 'gesynchroniseerd',
    reprocess: 'opnieuw verwerkt',
    dismiss: 'genegeerd',
    rebook: 'opnieuw geboekt',
  } as Record<string, string>,
};

export type SettingsTexts = typeof nl;

const en: SettingsTexts = {
  intro: 'Every setting of this link. A change is checked first and counts from the next run.',
  save: 'Save',
  test: 'Test the connection',
  saved: 'Settings saved; they count from the next run.',
  nothingChanged: 'Nothing was changed.',
  changedSecret: (field: string) => `${field}: changed`,
  changedValue: (field: string, before: string, after: string) => `${field}: ${before} → ${after}`,
  empty: '(empty)',
  stale: "This link's file changed since you opened this form (on disk, by the command line or by another user). Your change was not saved: open the settings again and make it there.",
  auditNone: 'Nothing recorded yet.',
  auditTime: 'Time',
  auditUser: 'User',
  auditAction: 'What',
  auditFields: 'Fields',
  actions: {
    create: 'link made',
    settings: 'settings changed',
    check: 'connection checked',
    sync: 'synchronized',
    reprocess: 'processed again',
    dismiss: 'dismissed',
    rebook: 'booked again',
  },
};

export function settingsTexts(language: 'nl' | 'en'): SettingsTexts {
  return language === 'en' ? en : nl;
}
