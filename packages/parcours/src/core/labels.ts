/** Words the site, the sheets and `parcours diff` use for the model’s codes (where a step happens, kinds of callout). */
export const WHERE_LABELS = {
  telephone: 'Sur votre téléphone',
  ordinateur: 'Sur votre ordinateur',
  'telephone-et-ordinateur': 'Sur votre téléphone et votre ordinateur',
} as const;

export const CALLOUT_LABELS = { rule: 'Règle', tip: 'Astuce', warning: 'Attention', info: 'À savoir' } as const;
