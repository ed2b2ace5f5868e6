import { useState } from 'react';
import type { AttributeValue } from '../../../../shared/contract/schemas';
import type { LabelSchema } from '../../../../shared/domain/labelSchema';
import { OffsetMap } from '../../../../shared/text/offsetMap';

/** A gold span being edited: offsets in code points, the label and attributes; the gold span it changes, or null for a new one. */
export type GoldDraft = {
  goldId: string | null;
  start: number;
  end: number;
  label: string;
  attributes: Record<string, AttributeValue>;
  replaceGoldIds: string[];
};

/** A small form for the adjudicator's own version of a span: label, start and end (code points), and the label's attributes. */
export function GoldEditor({
  draft,
  schema,
  text,
  onSave,
  onCancel,
}: {
  draft: GoldDraft;
  schema: LabelSchema;
  text: string;
  onSave: (draft: GoldDraft) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(draft);
  const label = schema.labels.find((entry) => entry.name === value.label);
  const map = new OffsetMap(text);
  const valid = value.start >= 0 && value.end > value.start && value.end <= map.codePointLength;
  const setAttribute = (name: string, next: AttributeValue) => setValue({ ...value, attributes: { ...value.attributes, [name]: next } });
  return (
    <form
      className="awb-gold-editor"
      aria-label="Edit the gold span"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onSave(value);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label>
        Label
        <select autoFocus value={value.label} onChange={(event) => setValue({ ...value, label: event.target.value })}>
          {schema.labels.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Start
        <input type="number" min={0} value={value.start} onChange={(event) => setValue({ ...value, start: Number(event.target.value) })} />
      </label>
      <label>
        End
        <input type="number" min={1} value={value.end} onChange={(event) => setValue({ ...value, end: Number(event.target.value) })} />
      </label>
      <p dir="auto" className="awb-quote">
        {valid ? `“${map.sliceCodePoints(value.start, value.end)}”` : 'Start must be before end, inside the text.'}
      </p>
      {label?.attributes.map((attribute) => {
        const current = value.attributes[attribute.name];
        if (attribute.type === 'enum') {
          return (
            <label key={attribute.name}>
              {attribute.name}
              <select value={typeof current === 'string' ? current : ''} onChange={(event) => setAttribute(attribute.name, event.target.value || null)}>
                <option value="">(none)</option>
                {attribute.values.map((option) => (
                  <option key={option} value={option}>
                    {option}
                  </option>
                ))}
              </select>
            </label>
          );
        }
        if (attribute.type === 'boolean') {
          return (
            <label key={attribute.name} className="awb-inline">
              <input type="checkbox" checked={current === true} onChange={(event) => setAttribute(attribute.name, event.target.checked)} />
              {attribute.name}
            </label>
          );
        }
        return (
          <label key={attribute.name}>
            {attribute.name}
            <input
              type={attribute.type === 'integer' ? 'number' : 'text'}
              value={current === null || current === undefined ? '' : String(current)}
              onChange={(event) =>
                setAttribute(attribute.name, event.target.value === '' ? null : attribute.type === 'integer' ? Number(event.target.value) : event.target.value)
              }
            />
          </label>
        );
      })}
      <div className="awb-row">
        <button type="submit" className="awb-primary" disabled={!valid}>
          Save to gold
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
