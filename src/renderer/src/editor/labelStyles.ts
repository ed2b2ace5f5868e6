import type { LabelDef, LabelSchema } from '../../../shared/domain/labelSchema';

let sheet: CSSStyleSheet | null = null;

/**
 * Gives each label class its colour from the project schema. A constructed stylesheet is used
 * because the Content Security Policy forbids inline style attributes and `<style>` elements.
 */
export function applyLabelColours(labels: LabelDef[]): void {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  // Colours were validated as #rrggbb by the schema, so they are safe to place in CSS.
  sheet.replaceSync(labels.map((label, index) => `.awb-label-${index} { --label-color: ${label.color}; }`).join('\n'));
}

/** The colour class index of a label (`awb-label-N`); an unknown label takes the first colour. */
export function labelClassIndex(schema: LabelSchema, name: string): number {
  return Math.max(
    0,
    schema.labels.findIndex((label) => label.name === name),
  );
}
