import { z } from 'zod';
import { LIMITS } from '../contract/limits';

const AttributeName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'attribute names are lower_snake_case');
const EnumValue = z.string().regex(/^[a-z0-9][a-z0-9_]{0,63}$/, 'enum values are lower_snake_case');

const AttributeBase = {
  name: AttributeName,
  description: z.string().max(LIMITS.attributeTextLength).default(''),
  required: z.boolean().default(false),
};

/** One attribute a label carries; the kind decides the editor widget and the validation. */
export const AttributeDef = z.discriminatedUnion('type', [
  z.strictObject({
    ...AttributeBase,
    type: z.literal('enum'),
    values: z.array(EnumValue).min(1).max(64),
    default: EnumValue.optional(),
  }),
  z.strictObject({
    ...AttributeBase,
    type: z.literal('integer'),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
  }),
  z.strictObject({ ...AttributeBase, type: z.literal('boolean'), default: z.boolean().optional() }),
  z.strictObject({
    ...AttributeBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().max(LIMITS.attributeTextLength).default(LIMITS.attributeTextLength),
  }),
]);
export type AttributeDef = z.infer<typeof AttributeDef>;

/** A label: its name, colour, keyboard letter, definition and attributes. */
export const LabelDef = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'label names are UPPER_SNAKE_CASE'),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colours are #rrggbb'),
  key: z.string().regex(/^[a-z]$/, 'the shortcut is one lower-case letter'),
  description: z
    .string()
    .max(LIMITS.attributeTextLength * 4)
    .default(''),
  attributes: z.array(AttributeDef).max(LIMITS.attributesPerSpan).default([]),
});
export type LabelDef = z.infer<typeof LabelDef>;

/** A boundary rule shown beside the text. */
export const GuidelineRule = z.strictObject({
  title: z.string().min(1).max(200),
  text: z.string().max(LIMITS.attributeTextLength * 4),
});

/**
 * A project's label schema. `version` increases whenever the schema changes, so bundles and
 * packages written against another version can be recognised and refused.
 */
export const LabelSchema = z
  .strictObject({
    version: z.number().int().min(1),
    allowOverlap: z.boolean(),
    labels: z.array(LabelDef).min(1).max(26),
    guidelines: z.array(GuidelineRule).max(100).default([]),
  })
  .superRefine((schema, ctx) => {
    const seenNames = new Set<string>();
    const seenKeys = new Set<string>();
    schema.labels.forEach((label, index) => {
      if (seenNames.has(label.name)) ctx.addIssue({ code: 'custom', message: `duplicate label ${label.name}`, path: ['labels', index, 'name'] });
      if (seenKeys.has(label.key)) ctx.addIssue({ code: 'custom', message: `duplicate shortcut "${label.key}"`, path: ['labels', index, 'key'] });
      seenNames.add(label.name);
      seenKeys.add(label.key);
      const attributeNames = new Set<string>();
      label.attributes.forEach((attribute, attributeIndex) => {
        if (attributeNames.has(attribute.name)) {
          ctx.addIssue({ code: 'custom', message: `duplicate attribute ${attribute.name}`, path: ['labels', index, 'attributes', attributeIndex, 'name'] });
        }
        attributeNames.add(attribute.name);
        if (attribute.type === 'enum' && attribute.default !== undefined && !attribute.values.includes(attribute.default)) {
          ctx.addIssue({
            code: 'custom',
            message: `default "${attribute.default}" is not one of the values`,
            path: ['labels', index, 'attributes', attributeIndex, 'default'],
          });
        }
      });
    });
  });
export type LabelSchema = z.infer<typeof LabelSchema>;

/** Finds a label by name. */
export function findLabel(schema: LabelSchema, name: string): LabelDef | undefined {
  return schema.labels.find((label) => label.name === name);
}

/** The attribute values a new span of this label starts with: each attribute's default, if any. */
export function defaultAttributes(label: LabelDef): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const attribute of label.attributes) {
    if ((attribute.type === 'enum' || attribute.type === 'boolean') && attribute.default !== undefined) {
      values[attribute.name] = attribute.default;
    }
  }
  return values;
}
