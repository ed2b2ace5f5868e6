import type { AttributeDef, LabelSchema } from '../../../shared/domain/labelSchema';
import { KEY_BINDINGS } from '../editor/keys';

function describeAttribute(attribute: AttributeDef): string {
  switch (attribute.type) {
    case 'enum':
      return attribute.values.map((value) => (value === attribute.default ? `${value} (default)` : value)).join(', ');
    case 'integer':
      return `whole number${attribute.min !== undefined ? ` ≥ ${attribute.min}` : ''}${attribute.max !== undefined ? ` ≤ ${attribute.max}` : ''}`;
    case 'boolean':
      return `yes or no${attribute.default !== undefined ? ` (default ${attribute.default ? 'yes' : 'no'})` : ''}`;
    case 'text':
      return `text, up to ${attribute.maxLength} characters`;
  }
}

/** The project's guidelines beside the text: label definitions with their attributes, boundary rules, and the keys. */
export function GuidelinesPanel({ schema }: { schema: LabelSchema }) {
  return (
    <section className="awb-guidelines" aria-labelledby="guidelines-title">
      <h2 id="guidelines-title">Guidelines</h2>
      <details open>
        <summary>Labels</summary>
        {schema.labels.map((label, index) => (
          <div key={label.name} className={`awb-guide-label awb-label-${index}`}>
            <h3>
              <kbd>{index + 1}</kbd> <kbd>{label.key}</kbd> {label.name}
            </h3>
            <p>{label.description}</p>
            {label.attributes.length > 0 && (
              <dl>
                {label.attributes.map((attribute) => (
                  <div key={attribute.name}>
                    <dt>
                      {attribute.name}
                      {attribute.required ? ' (required)' : ''}
                    </dt>
                    <dd>
                      {describeAttribute(attribute)}
                      {attribute.description ? ` — ${attribute.description}` : ''}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        ))}
      </details>
      {schema.guidelines.length > 0 && (
        <details>
          <summary>Boundary rules</summary>
          <ol className="awb-rules">
            {schema.guidelines.map((rule) => (
              <li key={rule.title}>
                <strong>{rule.title}.</strong> {rule.text}
              </li>
            ))}
          </ol>
          {!schema.allowOverlap && (
            <p className="awb-muted">In this project spans may not overlap; the editor refuses an overlapping span and offers to replace the one under it.</p>
          )}
        </details>
      )}
      <details>
        <summary>Keys</summary>
        <dl className="awb-keys">
          {KEY_BINDINGS.map((binding) => (
            <div key={binding.id}>
              <dt>{binding.keys}</dt>
              <dd>{binding.does}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}
