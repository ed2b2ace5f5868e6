import fc from 'fast-check';

/** The part of JSON Schema that `z.toJSONSchema` produces for the contract's inputs. */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
};

export type SchemaArbitraryOptions = {
  /** Values worth trying for a property (real ids, label names), mixed with generated ones. */
  knownValues?: (propertyName: string) => unknown[] | undefined;
};

/**
 * Inputs shaped like a schema says (mostly valid, so calls get past validation into the
 * handlers), for any method of the contract, including the ones added later.
 */
export function arbitraryFromJsonSchema(schema: JsonSchema, options: SchemaArbitraryOptions = {}, propertyName = ''): fc.Arbitrary<unknown> {
  const known = propertyName ? options.knownValues?.(propertyName) : undefined;
  const generated = generate(schema, options);
  return known && known.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function generate(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => arbitraryFromJsonSchema(alternative, options)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of properties) record[name] = arbitraryFromJsonSchema(property, options, name);
      const fixed = fc.record(record, { requiredKeys: properties.map(([name]) => name).filter((name) => required.has(name)) });
      if (typeof schema.additionalProperties === 'object') {
        const keys = schema.propertyNames ? (generate(schema.propertyNames, options) as fc.Arbitrary<string>) : fc.string({ minLength: 1, maxLength: 20 });
        return fc
          .tuple(fixed, fc.dictionary(keys, arbitraryFromJsonSchema(schema.additionalProperties, options), { maxKeys: 5 }))
          .map(([base, extra]) => ({ ...extra, ...base }));
      }
      return fixed;
    }
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? 100;
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((value) => value.length >= min && value.length <= max);
      return fc.string({ minLength: min, maxLength: Math.min(max, 300), unit: 'grapheme' });
    }
    case 'integer': {
      const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? Number.MIN_SAFE_INTEGER : schema.exclusiveMinimum + 1);
      const max = schema.maximum ?? (schema.exclusiveMaximum === undefined ? Number.MAX_SAFE_INTEGER : schema.exclusiveMaximum - 1);
      // Small values reach real offsets and page sizes; the edges find off-by-ones.
      return fc.oneof(fc.integer({ min: Math.max(min, -5), max: Math.min(max, 2000) }), fc.constantFrom(min, max), fc.integer({ min, max }));
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? arbitraryFromJsonSchema(schema.items, options) : fc.anything(), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case undefined:
    default:
      return fc.anything();
  }
}

/**
 * A valid-shaped input with one thing broken, the way real bad input usually is: a key removed,
 * a value of the wrong type, an unknown key, an oversized string, a prototype key, or the whole
 * payload replaced.
 */
export function mutated(base: fc.Arbitrary<unknown>, awkward: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(base, fc.nat(), awkward, fc.integer({ min: 0, max: 6 })).map(([value, pick, replacement, kind]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return replacement;
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const key = keys.length > 0 ? keys[pick % keys.length] : undefined;
    switch (kind) {
      case 0:
        if (key) delete copy[key];
        return copy;
      case 1:
        if (key) copy[key] = replacement;
        return copy;
      case 2:
        copy[`unexpected${pick % 7}`] = replacement;
        return copy;
      case 3:
        if (key) copy[key] = 'x'.repeat(70_000);
        return copy;
      case 4:
        return JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(copy).slice(1)}`.replace(', }', '}')) as unknown;
      case 5:
        return [copy];
      default:
        return replacement;
    }
  });
}
