import { useEffect, useState, type KeyboardEvent } from 'react';
import type { EditorSpan } from '../editor/spanStore';
import type { AttributeValue } from '../../../shared/contract/schemas';
import type { AttributeDef, LabelSchema } from '../../../shared/domain/labelSchema';
import { missingRequiredAttributes } from '../../../shared/domain/validateAttributes';

export type AttributesPanelProps = {
  span: EditorSpan | null;
  schema: LabelSchema;
  isIncomplete: boolean;
  onUpdate: (patch: { label?: string; attributes?: Record<string, AttributeValue> }) => void;
  onDelete: () => void;
  /** Escape: back to the text. */
  onDone: () => void;
};

/**
 * The selected span's label and attributes, one field per attribute of the schema (enum as a
 * list, integer as a number, boolean as a checkbox, text as a line), required ones marked and
 * missing ones flagged. Each change is saved at once (lists, checkboxes) or when the field is
 * left or Enter is pressed (numbers, text). Esc returns to the text.
 */
export function AttributesPanel({ span, schema, isIncomplete, onUpdate, onDelete, onDone }: AttributesPanelProps) {
  if (!span) {
    return (
      <section className="awb-attributes awb-muted" aria-labelledby="attributes-title">
        <h2 id="attributes-title">Span</h2>
        <p>Select a span (click it, or Tab to it) to see and edit its attributes.</p>
      </section>
    );
  }
  const label = schema.labels.find((candidate) => candidate.name === span.label);
  const missing = new Set(label ? missingRequiredAttributes(label, span.attributes) : []);
  const handleKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone();
    }
  };
  return (
    <section className="awb-attributes" aria-labelledby="attributes-title" onKeyDown={handleKeyDown} data-testid="attributes-panel">
      <h2 id="attributes-title">
        Span “<bdi>{span.quote}</bdi>”
      </h2>
      {isIncomplete && (
        <p className="awb-missing" role="status">
          Missing required: {[...missing].join(', ')}
        </p>
      )}
      <div className="awb-field">
        <label htmlFor="span-label">Label</label>
        <select id="span-label" value={span.label} onChange={(event) => onUpdate({ label: event.target.value })}>
          {schema.labels.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </select>
      </div>
      {label?.attributes.map((attribute) => (
        <AttributeField
          key={attribute.name}
          attribute={attribute}
          value={span.attributes[attribute.name]}
          missing={missing.has(attribute.name)}
          onChange={(value) => onUpdate({ attributes: { [attribute.name]: value } })}
        />
      ))}
      <div className="awb-field-actions">
        <button type="button" onClick={onDelete} title="Delete this span (Delete key in the text)">
          Delete span
        </button>
        <button type="button" onClick={onDone}>
          Back to text (Esc)
        </button>
      </div>
    </section>
  );
}

type FieldProps = { attribute: AttributeDef; value: AttributeValue | undefined; missing: boolean; onChange: (value: AttributeValue) => void };

function AttributeField({ attribute, value, missing, onChange }: FieldProps) {
  const id = `attr-${attribute.name}`;
  const hint = `${id}-hint`;
  const caption = (
    <label htmlFor={id}>
      {attribute.name.replace(/_/g, ' ')}
      {attribute.required && (
        <abbr className="awb-required" title="required">
          {' '}
          *
        </abbr>
      )}
    </label>
  );
  const common = { id, 'aria-describedby': hint, 'aria-invalid': missing || undefined, 'aria-required': attribute.required || undefined };
  let control;
  switch (attribute.type) {
    case 'enum':
      control = (
        <select
          {...common}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
        >
          <option value="">— not set —</option>
          {attribute.values.map((option) => (
            <option key={option} value={option}>
              {option.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      );
      break;
    case 'integer':
      control = (
        <CommitInput
          {...common}
          type="number"
          min={attribute.min}
          max={attribute.max}
          initial={typeof value === 'number' ? String(value) : ''}
          onCommit={(text) => onChange(text === '' ? null : Number(text))}
        />
      );
      break;
    case 'boolean':
      control = <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
      break;
    case 'text':
      control = (
        <CommitInput
          {...common}
          type="text"
          maxLength={attribute.maxLength}
          initial={typeof value === 'string' ? value : ''}
          onCommit={(text) => onChange(text === '' ? null : text)}
        />
      );
      break;
  }
  return (
    <div className={`awb-field${missing ? ' is-missing' : ''}${attribute.type === 'boolean' ? ' is-checkbox' : ''}`}>
      {caption}
      {control}
      <small id={hint} className="awb-muted">
        {missing ? 'Required, not set yet. ' : ''}
        {attribute.description}
      </small>
    </div>
  );
}

type CommitInputProps = {
  id: string;
  type: 'number' | 'text';
  initial: string;
  min?: number | undefined;
  max?: number | undefined;
  maxLength?: number | undefined;
  onCommit: (text: string) => void;
  'aria-describedby': string;
  'aria-invalid'?: boolean | undefined;
  'aria-required'?: boolean | undefined;
};

/** A field saved when left or on Enter, not on every keystroke; it follows the saved value (after an undo, say). */
function CommitInput({ initial, onCommit, ...rest }: CommitInputProps) {
  const [text, setText] = useState(initial);
  useEffect(() => setText(initial), [initial]);
  const commit = () => {
    const trimmed = text.trim();
    if (trimmed !== initial) onCommit(trimmed);
  };
  return (
    <input
      {...rest}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
      }}
    />
  );
}
